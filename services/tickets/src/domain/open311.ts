// Open311 GeoReport v2 on the tickets service (docs/domain.md "Open311"; the spec: http://wiki.open311.org/GeoReport_v2).
// Services from the categories, service definitions, the checks of a posted request, the open/closed mapping
// and the public view of an order: pure rules over plain data, the clock and the zone passed in.
import { DomainError, UTILITY_LABELS, type UtilityKind } from '@mainline/common/domain';
import { zonedTimeToInstant, zoneOffsetMinutes } from './calendar';
import type { SlaTarget } from './defaults';
import { categoryUtility } from './categories';
import { CATEGORY_LABELS, Category, Channel, Department, DEPARTMENT_LABELS, Label, WorkOrderStatus as S } from './enums';
import { O311Document, o311Document, O311Object } from './open311-encoding';

export const GEOREPORT_V2_SPEC = 'http://wiki.open311.org/GeoReport_v2';
export type Open311Format = 'json' | 'xml';
export const OPEN311_FORMATS: readonly Open311Format[] = ['json', 'xml'];

export interface Open311Config {
  /** The one jurisdiction this endpoint serves (the spec suggests the web site's root, e.g. sfgov.org). */
  jurisdictionId: string;
  /** GET requests: the default date window, and the longest one a query may span (the spec: 90 days). */
  windowDays: number;
  /** GET requests: at most this many requests in one answer, newest first (the spec: 1,000). */
  maxRequests: number;
  /** Categories not offered as services (the call center's internal levels). */
  hiddenServices: readonly string[];
  /** Categories whose public view withholds description, address, coordinates and media (complaints about staff, reports on neighbours). */
  confidentialServices: readonly string[];
  /** Channels whose orders GET requests shows (reports taken by phone carry callers' homes: not public by default). */
  listedChannels: readonly Channel[];
  /** The spec: "free form text limited to 4,000 characters". */
  descriptionMaxLength: number;
  /** Every other text parameter (names, address, ids, media URL). */
  fieldMaxLength: number;
  /** The utility's zone: datetimes are written with its offset. */
  timeZone: string;
}

export const DEFAULT_OPEN311_CONFIG: Open311Config = {
  jurisdictionId: 'mainline.example',
  windowDays: 90,
  maxRequests: 1000,
  hiddenServices: [Category.URGENT],
  confidentialServices: [Category.COMPLAINT, Category.THEFT],
  listedChannels: [Channel.OPEN311],
  descriptionMaxLength: 4000,
  fieldMaxLength: 500,
  timeZone: 'Asia/Shanghai',
};

// ---------------------------------------------------------------- errors

export type Open311Status = 400 | 403 | 404;
const CODE_FOR: Record<Open311Status, 'INVALID_INPUT' | 'FORBIDDEN' | 'NOT_FOUND'> = { 400: 'INVALID_INPUT', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/**
 * The spec's errors: 400 for a request that cannot be fulfilled as sent, 403 for a wrong or missing api_key,
 * 404 for what does not exist. One DomainError whose `problems` become the error list (several at once).
 */
export function open311Error(status: Open311Status, problems: string | string[], details: Record<string, unknown> = {}): DomainError {
  const list = Array.isArray(problems) ? problems : [problems];
  return new DomainError(CODE_FOR[status], list.join('; '), { ...details, problems: list });
}

/** The HTTP status a domain error means to an Open311 client (the spec: "basically 400 for any other error"). */
export function open311StatusOf(e: DomainError): number {
  switch (e.code) {
    case 'NOT_FOUND':
      return 404;
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
      return 403;
    case 'UNAVAILABLE':
      return 503;
    default:
      return 400;
  }
}

export function errorsDocument(status: number, problems: readonly string[]): O311Document {
  return o311Document('errors', problems.map((description) => ({ code: status, description })));
}

// ---------------------------------------------------------------- datetimes (W3C note: ISO 8601 with an offset)

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 2026-12-01T09:00:00+08:00: the instant as the utility's wall clock shows it, with the zone's offset. */
export function w3cDateTime(d: Date, timeZone: string): string {
  const off = zoneOffsetMinutes(timeZone, d);
  const local = new Date(Math.floor(d.getTime() / 1000) * 1000 + off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export interface ParsedW3c {
  at: Date;
  /** Only a date was given (midnight in the utility's zone). */
  dateOnly: boolean;
}

/** A W3C datetime with its offset, or a plain date read in the utility's zone; 400 naming the parameter otherwise. */
export function parseW3cDateTime(value: string, param: string, timeZone: string): ParsedW3c {
  const bad = () => open311Error(400, `${param} "${value.slice(0, 40)}" 不是 W3C 日期时间 / ${param} is not a W3C datetime (e.g. 2026-12-01T09:00:00+08:00)`, { param });
  const m = W3C.exec(value.trim());
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) throw bad();
  if (m[4] === undefined) return { at: zonedTimeToInstant(timeZone, `${m[1]}-${m[2]}-${m[3]}`, 0), dateOnly: true };
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) throw bad();
  const frac = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  let offMin = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[8].slice(1, 3)), Number(m[8].slice(4, 6))];
    if (oh > 23 || om > 59) throw bad();
    offMin = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { at: new Date(Date.UTC(y, mo - 1, d, h, mi, s, frac) - offMin * 60_000), dateOnly: false };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The requested_datetime window of GET requests (the spec: "the range defaults to most recent 90 days" and
 * "may not span more than 90 days"). A plain end date includes that whole day.
 */
export function requestWindow(startRaw: string | null, endRaw: string | null, now: Date, cfg: Pick<Open311Config, 'windowDays' | 'timeZone'>): { from: Date; to: Date } {
  const span = cfg.windowDays * DAY_MS;
  const start = startRaw ? parseW3cDateTime(startRaw, 'start_date', cfg.timeZone).at : null;
  const endP = endRaw ? parseW3cDateTime(endRaw, 'end_date', cfg.timeZone) : null;
  const end = endP ? (endP.dateOnly ? new Date(endP.at.getTime() + DAY_MS - 1) : endP.at) : null;
  if (start && end) {
    if (end < start) throw open311Error(400, 'end_date 早于 start_date / end_date is before start_date', { param: 'end_date' });
    if (end.getTime() - start.getTime() > span) {
      throw open311Error(400, `start_date 至 end_date 不得超过 ${cfg.windowDays} 天 / the range may not span more than ${cfg.windowDays} days`, { param: 'end_date' });
    }
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  if (end) return { from: new Date(end.getTime() - span), to: end };
  return { from: new Date(now.getTime() - span), to: now };
}

// ---------------------------------------------------------------- parameters

/** Form or query parameters, every value of a repeated name kept. */
export type Open311Params = ReadonlyMap<string, readonly string[]>;

export function paramsOf(...sources: URLSearchParams[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sources) {
    for (const [k, v] of s) out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

/** The spec's "optional arguments": an empty parameter is the same as one not sent. First non-empty value, trimmed. */
export function param(p: Open311Params, name: string): string | null {
  for (const v of p.get(name) ?? []) {
    const t = v.trim();
    if (t) return t;
  }
  return null;
}

/** A comma-delimited list parameter (may also be repeated): values trimmed, empty ones dropped, duplicates once. */
export function listParam(p: Open311Params, name: string): string[] {
  return [...new Set((p.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

/** The spec: required only when the endpoint serves several jurisdictions; this one serves one, so only a wrong id is refused. */
export function checkJurisdiction(given: string | null, cfg: Pick<Open311Config, 'jurisdictionId'>): void {
  if (given !== null && given !== cfg.jurisdictionId) {
    throw open311Error(404, `jurisdiction_id "${given.slice(0, 100)}" 未找到（本接口服务 ${cfg.jurisdictionId}） / jurisdiction_id not found (this endpoint serves ${cfg.jurisdictionId})`, {
      param: 'jurisdiction_id',
    });
  }
}

// ---------------------------------------------------------------- status

export type Open311RequestStatus = 'open' | 'closed';

/**
 * The spec's two statuses: "open: it has been reported", "closed: it has been resolved". Resolved orders are
 * closed to the public even while the callback is pending (a reopening makes them open again); a report linked
 * to a known outage stays open until the outage's order closes it.
 */
export const OPEN311_STATUS: Readonly<Record<S, Open311RequestStatus>> = {
  NEW: 'open', DISPATCHED: 'open', ACCEPTED: 'open', ON_SITE: 'open', EXTENSION_REQUESTED: 'open', WAITING_CUSTOMER: 'open',
  RETURNED: 'open', REOPENED: 'open', LINKED_TO_OUTAGE: 'open',
  RESOLVED: 'closed', CALLED_BACK: 'closed', CLOSED: 'closed', MERGED: 'closed', CANCELLED: 'closed',
};

/** The work-order statuses behind the asked Open311 statuses (400 naming `status` for anything but open/closed). */
export function workOrderStatusesFor(statuses: readonly string[]): S[] {
  const bad = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (bad.length) throw open311Error(400, `status "${bad[0].slice(0, 40)}" 无效，应为 open 或 closed / status must be open or closed`, { param: 'status' });
  return (Object.keys(OPEN311_STATUS) as S[]).filter((s) => statuses.includes(OPEN311_STATUS[s]));
}

const localTime = (d: Date, tz: string) => w3cDateTime(d, tz).slice(0, 16).replace('T', ' ');

export interface StatusFacts {
  status: S;
  department: Department;
  mergedNumber?: string | null;
  outageNumber?: string | null;
  outageEndsAt?: Date | null;
}

/** status_notes: what the status means for the person who reported, Chinese first. No names, no internal notes. */
export function statusNotes(f: StatusFacts, timeZone: string): string {
  const dept = DEPARTMENT_LABELS[f.department] ?? { zh: f.department, en: f.department };
  const notes: Record<S, () => string> = {
    NEW: () => '已受理，正在派单 / Received, being dispatched',
    DISPATCHED: () => `已派至${dept.zh} / Sent to ${dept.en}`,
    ACCEPTED: () => `${dept.zh}已接单处理 / Accepted by ${dept.en}`,
    ON_SITE: () => '工作人员已到达现场 / Staff are on site',
    WAITING_CUSTOMER: () => '等待您的配合（如入户），期间时限暂停 / Waiting for you (e.g. access to the premises); the clock is paused',
    EXTENSION_REQUESTED: () => `${dept.zh}已申请延期 / ${dept.en} asked for more time`,
    RETURNED: () => '正在重新派单 / Being sent to the right department',
    REOPENED: () => '您对处理结果不满意，已重新处理 / Reopened: you were not satisfied with the result',
    LINKED_TO_OUTAGE: () => {
      const n = f.outageNumber ?? '';
      const by = f.outageEndsAt ? localTime(f.outageEndsAt, timeZone) : null;
      return `属已知停供事件 ${n}${by ? `，预计 ${by} 恢复` : ''} / Part of the known outage ${n}${by ? `, supply expected back by ${by}` : ''}`;
    },
    RESOLVED: () => '已处理完毕 / Resolved',
    CALLED_BACK: () => '已处理完毕并回访 / Resolved and followed up',
    CLOSED: () => '已办结 / Closed',
    MERGED: () => `与工单 ${f.mergedNumber ?? ''} 为同一事件，已合并 / Duplicate of ${f.mergedNumber ?? 'another request'}`,
    CANCELLED: () => '已撤销 / Cancelled',
  };
  return notes[f.status]();
}

// ---------------------------------------------------------------- services

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface CategoryFacts {
  code: string;
  label: Label;
  /** The utility kind the category belongs to: it groups the service and is listed only where that kind is run. */
  utility: UtilityKind;
}

/** Every category with its label and kind, for `publicServices` (new categories appear by themselves). */
export function categoryFacts(): CategoryFacts[] {
  return (Object.values(Category) as Category[]).map((code) => ({ code, label: CATEGORY_LABELS[code], utility: categoryUtility(code) }));
}

/** Words people use for a report, besides its name (keywords: "synonyms of the service_name and group"). */
const KEYWORDS: Partial<Record<string, string[]>> = {
  BURST: ['爆管', '路面冒水', '水管爆裂', 'burst main'],
  LEAK: ['漏水', '渗水', '消火栓漏水', '阀门漏水', 'leak'],
  NO_WATER: ['停水', '没水', 'no water'],
  WATER_QUALITY: ['水质', '水黄', '浑浊', '异味', 'dirty water'],
  METER_BOX: ['水表冻裂', '表箱漏水', 'frozen meter'],
  COVER: ['井盖', '表箱盖', 'manhole cover'],
};

/**
 * GET services: one service per category the public may report, in the category order of the tickets service.
 * Categories of a utility kind the deployment does not run are left out; hidden ones (internal levels) too.
 */
export function publicServices(categories: readonly CategoryFacts[], run: readonly UtilityKind[], cfg: Pick<Open311Config, 'hiddenServices'>, targets?: (code: string) => readonly SlaTarget[]): Open311Service[] {
  return categories
    .filter((c) => !cfg.hiddenServices.includes(c.code))
    .filter((c) => run.includes(c.utility))
    .map((c) => {
      const notice = targets ? serviceNotice(targets(c.code)) : null;
      return {
        service_code: c.code,
        service_name: c.label.zh,
        description: `${c.label.zh} / ${c.label.en}${notice ? `. ${notice}` : ''}`,
        metadata: (SERVICE_ATTRIBUTES[c.code] ?? []).length > 0,
        type: 'realtime' as const,
        keywords: [...new Set([c.label.zh, ...(KEYWORDS[c.code] ?? []), c.label.en, c.code])].join(', '),
        group: UTILITY_LABELS[c.utility].zh,
      };
    });
}

const duration = (minutes: number): { zh: string; en: string } => {
  if (minutes >= 2 * 24 * 60 && minutes % (24 * 60) === 0) return { zh: `${minutes / 1440} 天`, en: `${minutes / 1440} days` };
  if (minutes >= 60 && minutes % 60 === 0) return { zh: `${minutes / 60} 小时`, en: `${minutes / 60} h` };
  return { zh: `${minutes} 分钟`, en: `${minutes} min` };
};
const targetText = (t: SlaTarget) => (t.workingDays !== undefined ? { zh: `${t.workingDays} 个工作日`, en: `${t.workingDays} working days` } : duration(t.minutes ?? 0));

/** service_notice: the deadlines the category is worked to (from the SLA table in force), e.g. on site within 40 min. */
export function serviceNotice(targets: readonly SlaTarget[]): string | null {
  const onSite = targets.find((t) => t.kind === 'onSite');
  const resolve = targets.find((t) => t.kind === 'resolve');
  const zh: string[] = [];
  const en: string[] = [];
  if (onSite) {
    zh.push(`${targetText(onSite).zh}内到场`);
    en.push(`on site within ${targetText(onSite).en}`);
  }
  if (resolve) {
    zh.push(`${targetText(resolve).zh}内处理完毕`);
    en.push(`done within ${targetText(resolve).en}`);
  }
  if (!zh.length) return null;
  return `自受理起${zh.join('，')} / From the report: ${en.join(', ')}`;
}

// ---------------------------------------------------------------- service definitions

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
export const OPEN311_DATATYPES: readonly Open311Datatype[] = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

const list = (datatype: 'singlevaluelist' | 'multivaluelist', code: string, order: number, required: boolean, description: string, values: Array<[string, string]>): Open311Attribute => ({
  variable: true, code, datatype, required, datatype_description: null, order, description, values: values.map(([key, name]) => ({ key, name })),
});

// The meter is where the utility's pipe ends and the customer's begins (docs/domain.md: leaks before it are the
// network's, a meter-box leak is the meter service's; behind it is the customer's own plumbing).
const METER_SIDE = (order: number, required: boolean) => list('singlevaluelist', 'METER_SIDE', order, required, '漏水位置在水表前还是水表后？ / Is the leak before or after the meter?', [
  ['BEFORE', '表前（进水一侧，供水管道） / Before the meter (the supply side)'],
  ['AFTER', '表后（户内管道） / After the meter (the customer\'s plumbing)'],
  ['UNKNOWN', '不清楚 / Not sure'],
]);

/** Questions per service (service definitions); a service without any has metadata=false. */
export const SERVICE_ATTRIBUTES: Readonly<Partial<Record<string, readonly Open311Attribute[]>>> = {
  LEAK: [
    // Public mains, hydrants and valves have the shortest on-site time (docs/domain.md "Leak repair tiers").
    list('singlevaluelist', 'LEAK_SITE', 1, false, '漏水的是什么？ / What is leaking?', [
      ['MAIN', '市政管道（路面冒水） / A public main (water on the road)'],
      ['HYDRANT', '消火栓 / A hydrant'],
      ['VALVE', '阀门 / A valve'],
      ['SERVICE_LINE', '小区或楼内供水管 / A pipe in a compound or building'],
      ['OTHER', '其他 / Something else'],
    ]),
    METER_SIDE(2, false),
  ],
  METER_BOX: [METER_SIDE(1, true)],
  BURST: [
    list('singlevaluelist', 'FLOW', 1, false, '出水情况 / How much water is coming out?', [
      ['GUSHING', '大量喷涌 / Gushing'],
      ['FLOWING', '持续流淌 / Flowing'],
      ['SEEPING', '少量渗出 / Seeping'],
    ]),
  ],
  NO_WATER: [
    list('singlevaluelist', 'EXTENT', 1, false, '停水范围 / Who has no water?', [
      ['HOME', '只有我家 / Only my home'],
      ['BUILDING', '整栋楼 / The whole building'],
      ['AREA', '周边一片 / The surrounding area'],
    ]),
  ],
  WATER_QUALITY: [
    list('multivaluelist', 'SYMPTOM', 1, true, '水有什么问题？（可多选） / What is wrong with the water? (several allowed)', [
      ['COLOUR', '发黄、发红或浑浊 / Yellow, red or cloudy'],
      ['SMELL', '有异味 / Smells'],
      ['TASTE', '口感异常 / Tastes odd'],
      ['PARTICLES', '有杂质颗粒 / Particles'],
    ]),
  ],
  METER_FAULT: [
    list('singlevaluelist', 'FAULT', 1, false, '水表有什么问题？ / What is wrong with the meter?', [
      ['STOPPED', '水表不走 / Not turning'],
      ['FAST', '走得太快 / Running fast'],
      ['UNREADABLE', '表盘破损或看不清 / Dial broken or unreadable'],
      ['LEAKING', '水表漏水 / Leaking'],
    ]),
  ],
  COVER: [
    list('singlevaluelist', 'COVER_KIND', 1, false, '哪种盖子？ / Which cover?', [
      ['VALVE_CHAMBER', '阀门井盖 / Valve chamber cover'],
      ['METER_BOX', '水表箱盖 / Meter-box lid'],
      ['HYDRANT', '消火栓井盖 / Hydrant cover'],
      ['OTHER', '其他 / Other'],
    ]),
  ],
};

export function serviceDefinition(code: string): { service_code: string; attributes: Open311Attribute[] } {
  return { service_code: code, attributes: [...(SERVICE_ATTRIBUTES[code] ?? [])].sort((a, b) => a.order - b.order) };
}

// ---------------------------------------------------------------- POST requests

export interface ServiceRequestInput {
  serviceCode: string;
  location: { lon: number; lat: number } | null;
  addressString: string | null;
  addressId: string | null;
  zipcode: string | null;
  description: string | null;
  mediaUrl: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  accountId: string | null;
  deviceId: string | null;
  /** attribute[code]=value, multivaluelists as arrays. */
  attributes: Record<string, string | string[]>;
}

const ATTRIBUTE = /^attribute\[([^\]]{1,100})\](\[\])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The checks of POST requests beyond the API key and the service code: a location (lat & long, or
 * address_string, or address_id), lengths, e-mail, media URL, and every attribute against the service
 * definition. Every problem is reported at once (400).
 */
export function checkServiceRequest(p: Open311Params, serviceCode: string, cfg: Pick<Open311Config, 'descriptionMaxLength' | 'fieldMaxLength' | 'timeZone'>): ServiceRequestInput {
  const problems: string[] = [];
  const text = (name: string, max = cfg.fieldMaxLength): string | null => {
    const v = param(p, name);
    if (v !== null && [...v].length > max) {
      problems.push(`${name} 超过 ${max} 个字符 / ${name} is longer than ${max} characters`);
      return null;
    }
    return v;
  };

  const latRaw = param(p, 'lat');
  const lonRaw = param(p, 'long');
  let location: { lon: number; lat: number } | null = null;
  if (latRaw !== null || lonRaw !== null) {
    if (latRaw === null || lonRaw === null) {
      problems.push('lat 与 long 须同时提供 / lat and long must both be sent');
    } else {
      const lat = NUMBER.test(latRaw) ? Number(latRaw) : NaN;
      const lon = NUMBER.test(lonRaw) ? Number(lonRaw) : NaN;
      if (!(Number.isFinite(lat) && Math.abs(lat) <= 90)) problems.push(`lat "${latRaw.slice(0, 40)}" 不是 WGS84 纬度 / lat is not a WGS84 latitude`);
      else if (!(Number.isFinite(lon) && Math.abs(lon) <= 180)) problems.push(`long "${lonRaw.slice(0, 40)}" 不是 WGS84 经度 / long is not a WGS84 longitude`);
      else location = { lat, lon };
    }
  }
  const addressString = text('address_string');
  const addressId = text('address_id');
  if (latRaw === null && lonRaw === null && addressString === null && addressId === null && !problems.some((x) => x.startsWith('address'))) {
    problems.push('缺少位置：须提供 lat 和 long，或 address_string，或 address_id / location missing: send lat & long, address_string or address_id');
  }

  const description = text('description', cfg.descriptionMaxLength);
  const email = text('email');
  if (email !== null && !EMAIL.test(email)) problems.push('email 不是电子邮件地址 / email is not an e-mail address');
  const mediaUrl = text('media_url');
  if (mediaUrl !== null) {
    let ok = false;
    try {
      const u = new URL(mediaUrl);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push('media_url 须为 http(s) 网址 / media_url must be an http(s) URL');
  }

  const attributes = checkAttributes(p, serviceCode, cfg.timeZone, problems);
  const out: ServiceRequestInput = {
    serviceCode, location, addressString, addressId, zipcode: text('zipcode'), description, mediaUrl, email,
    firstName: text('first_name'), lastName: text('last_name'), phone: text('phone'), accountId: text('account_id'), deviceId: text('device_id'), attributes,
  };
  if (problems.length) throw open311Error(400, problems);
  return out;
}

function checkAttributes(p: Open311Params, serviceCode: string, timeZone: string, problems: string[]): Record<string, string | string[]> {
  const defs = new Map((SERVICE_ATTRIBUTES[serviceCode] ?? []).map((a) => [a.code, a]));
  const given = new Map<string, string[]>();
  for (const [name, values] of p) {
    const m = ATTRIBUTE.exec(name);
    if (!m) continue;
    const vals = values.map((v) => v.trim()).filter(Boolean);
    if (vals.length) given.set(m[1], [...(given.get(m[1]) ?? []), ...vals]);
  }
  const out: Record<string, string | string[]> = {};
  for (const [code, vals] of given) {
    const def = defs.get(code);
    if (!def || !def.variable) {
      problems.push(`attribute[${code.slice(0, 40)}] 不属于服务 ${serviceCode} / attribute[${code.slice(0, 40)}] is not defined for service ${serviceCode}`);
      continue;
    }
    const keys = new Set(def.values.map((v) => v.key));
    const where = `attribute[${code}]`;
    if (def.datatype === 'multivaluelist') {
      const bad = vals.filter((v) => !keys.has(v));
      if (bad.length) problems.push(`${where} 的值 "${bad[0].slice(0, 40)}" 不在可选项中 / ${where}: "${bad[0].slice(0, 40)}" is not one of ${[...keys].join(', ')}`);
      else out[code] = [...new Set(vals)];
      continue;
    }
    if (vals.length > 1) {
      problems.push(`${where} 只能有一个值 / ${where} takes one value`);
      continue;
    }
    const v = vals[0];
    if (def.datatype === 'singlevaluelist' && !keys.has(v)) problems.push(`${where} 的值 "${v.slice(0, 40)}" 不在可选项中 / ${where}: "${v.slice(0, 40)}" is not one of ${[...keys].join(', ')}`);
    else if (def.datatype === 'number' && !NUMBER.test(v)) problems.push(`${where} 须为数字 / ${where} must be a number`);
    else if (def.datatype === 'string' && /[\r\n]/.test(v)) problems.push(`${where} 不能换行 / ${where} may not contain line breaks`);
    else if (def.datatype === 'datetime') {
      try {
        parseW3cDateTime(v, where, timeZone);
        out[code] = v;
      } catch (e) {
        problems.push(((e as DomainError).details.problems as string[])[0]);
      }
    } else out[code] = v;
  }
  for (const def of defs.values()) {
    if (def.variable && def.required && !given.has(def.code)) problems.push(`attribute[${def.code}] 必填 / attribute[${def.code}] is required (${def.description})`);
  }
  return out;
}

/** Chinese names are family name first with no space (张 + 三 = 张三); others "first last". */
export function reporterName(first: string | null, last: string | null): string | null {
  if (!first && !last) return null;
  if (first && last) return /\p{Script=Han}/u.test(first + last) ? `${last}${first}` : `${first} ${last}`;
  return (first ?? last) as string;
}

/**
 * The work order's description: what the submitter wrote (or the service name when nothing was written),
 * then each attribute answer with its question, so the department reads them with the report.
 */
export function workOrderDescription(input: Pick<ServiceRequestInput, 'serviceCode' | 'description' | 'attributes' | 'addressId'>, serviceName: string): string {
  const lines = [input.description ?? `（未填写描述）${serviceName} / (no description) ${serviceName}`];
  const defs = new Map((SERVICE_ATTRIBUTES[input.serviceCode] ?? []).map((a) => [a.code, a]));
  for (const [code, value] of Object.entries(input.attributes)) {
    const def = defs.get(code);
    if (!def) continue;
    const names = (Array.isArray(value) ? value : [value]).map((v) => def.values.find((x) => x.key === v)?.name ?? v);
    lines.push(`${def.description}：${names.join('；')}`);
  }
  if (input.addressId) lines.push(`地址编号 / address id: ${input.addressId}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- the public view of an order

/** What GET requests reads of an order (no caller's name, phone or e-mail is ever among them). */
export interface PublicOrderFacts {
  number: string;
  status: S;
  category: string;
  department: Department;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  createdAt: Date;
  updatedAt: Date | null;
  resolveDueAt: Date | null;
  revisitDueAt: Date | null;
  reopenedAt: Date | null;
  revisitResolvedAt: Date | null;
  mergedNumber: string | null;
  outageNumber: string | null;
  outageEndsAt: Date | null;
  addressId: string | null;
  zipcode: string | null;
  mediaUrl: string | null;
}

export interface ServiceFacts {
  serviceName: string;
  serviceNotice: string | null;
  confidential: boolean;
}

/** The resolve deadline in force: the revisit's after a reopening, the known outage's end for a linked report. */
export function expectedAt(f: Pick<PublicOrderFacts, 'status' | 'resolveDueAt' | 'revisitDueAt' | 'reopenedAt' | 'revisitResolvedAt' | 'outageEndsAt'>): Date | null {
  if (f.status === S.LINKED_TO_OUTAGE) return f.outageEndsAt;
  if (f.reopenedAt && !f.revisitResolvedAt && f.revisitDueAt) return f.revisitDueAt;
  return f.resolveDueAt;
}

/**
 * One request of GET requests, fields in the spec's order; confidential categories withhold what could identify
 * people. The description is cut to the spec's 4,000 characters (the order's may be longer: it carries the answers).
 */
export function publicRequest(f: PublicOrderFacts, s: ServiceFacts, cfg: Pick<Open311Config, 'timeZone' | 'descriptionMaxLength'>): O311Object {
  const { timeZone } = cfg;
  const hide = s.confidential;
  const expected = expectedAt(f);
  return {
    service_request_id: f.number,
    status: OPEN311_STATUS[f.status],
    status_notes: statusNotes(f, timeZone),
    service_name: s.serviceName,
    service_code: f.category,
    description: hide ? null : [...f.description].slice(0, cfg.descriptionMaxLength).join(''),
    agency_responsible: DEPARTMENT_LABELS[f.department] ? `${DEPARTMENT_LABELS[f.department].zh} / ${DEPARTMENT_LABELS[f.department].en}` : f.department,
    service_notice: s.serviceNotice,
    requested_datetime: w3cDateTime(f.createdAt, timeZone),
    updated_datetime: w3cDateTime(f.updatedAt ?? f.createdAt, timeZone),
    expected_datetime: expected ? w3cDateTime(expected, timeZone) : null,
    address: hide ? null : f.address,
    address_id: hide ? null : f.addressId,
    zipcode: hide ? null : f.zipcode,
    lat: hide ? null : f.lat,
    long: hide ? null : f.lon,
    media_url: hide ? null : f.mediaUrl,
  };
}

// ---------------------------------------------------------------- documents

export function servicesDocument(services: readonly Open311Service[]): O311Document {
  return o311Document('services', services.map((s) => ({ ...s })));
}

export function serviceDefinitionDocument(def: { service_code: string; attributes: readonly Open311Attribute[] }): O311Document {
  return o311Document('service_definition', {
    service_code: def.service_code,
    attributes: def.attributes.map((a) => ({
      variable: a.variable, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description,
      order: a.order, description: a.description, values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  });
}

export function postResponseDocument(r: { serviceRequestId: string; serviceNotice: string | null; accountId: string | null }): O311Document {
  return o311Document('service_requests', [{ service_request_id: r.serviceRequestId, service_notice: r.serviceNotice, account_id: r.accountId }]);
}

export function requestsDocument(requests: readonly O311Object[]): O311Document {
  return o311Document('service_requests', [...requests]);
}

/** Service discovery (the spec requires one): where this endpoint is, its formats, how to get a key. */
export function discoveryDocument(o: { url: string; changeset: string; contact: string; keyService: string }): O311Document {
  return o311Document('discovery', {
    changeset: o.changeset,
    contact: o.contact,
    key_service: o.keyService,
    endpoints: [{ specification: GEOREPORT_V2_SPEC, url: o.url, changeset: o.changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
  });
}
