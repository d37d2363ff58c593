// Temperature-check visits (走访测温) of a heat utility, docs/domain.md "Heating utility": at least two staff,
// the rooms' temperatures, pass/fail against 18 °C, and the customer's signature — or, when the customer
// refuses to sign, a neighbour's room measured and signed for as evidence. Pure: the service loads and stores.
import { DomainError, invalidInput } from './errors';

/** Living rooms and bedrooms are held to the threshold; other rooms (kitchen, bathroom) are recorded only. */
export const ROOM_KINDS = ['LIVING_ROOM', 'BEDROOM', 'OTHER'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export interface TemperatureVisitRules {
  /** docs/domain.md: at least two staff on a visit. */
  minStaff: number;
  /** docs/domain.md: living rooms and bedrooms must reach ≥ 18 °C (HEAT_ROOM_MIN_CELSIUS). */
  thresholdCelsius: number;
  /** What a room thermometer can read: anything outside is a typing mistake, refused naming the room. */
  thermometerMinCelsius: number;
  thermometerMaxCelsius: number;
  /** Rooms judged against the threshold. */
  judgedRoomKinds: readonly RoomKind[];
  /** docs/domain.md: room-temperature compliance target ≥ 97 % (HEAT_COMPLIANCE_TARGET). */
  complianceTarget: number;
  /** Categories whose orders are resolved only after a complete visit (docs/domain.md: HEAT_TEMPERATURE). */
  visitRequiredCategories: readonly string[];
}

export const DEFAULT_TEMPERATURE_VISIT_RULES: TemperatureVisitRules = {
  minStaff: 2,
  thresholdCelsius: 18,
  thermometerMinCelsius: -30,
  thermometerMaxCelsius: 60,
  judgedRoomKinds: ['LIVING_ROOM', 'BEDROOM'],
  complianceTarget: 0.97,
  visitRequiredCategories: ['HEAT_TEMPERATURE'],
};

export interface VisitStaff {
  id: string;
  name: string;
}

export interface RoomReading {
  name: string;
  kind: RoomKind;
  celsius: number;
}

export interface NeighbourEvidence {
  address: string;
  room?: string | null;
  celsius: number;
  signature: string;
}

export interface TemperatureVisitInput {
  visitedAt: Date;
  staff: VisitStaff[];
  rooms: RoomReading[];
  customerSignature?: string | null;
  customerRefused?: boolean | null;
  neighbour?: NeighbourEvidence | null;
  note?: string | null;
}

export interface CheckedRoom extends RoomReading {
  /** null: a room kind that is recorded but not judged. */
  passed: boolean | null;
}

/** A complete visit sheet, ready to store. */
export interface CheckedTemperatureVisit {
  visitedAt: Date;
  staff: VisitStaff[];
  rooms: CheckedRoom[];
  thresholdCelsius: number;
  /** Every judged room reached the threshold. */
  passed: boolean;
  roomsJudged: number;
  roomsPassed: number;
  customerSignature: string | null;
  customerRefused: boolean;
  neighbour: (NeighbourEvidence & { room: string | null; passed: boolean }) | null;
  note: string | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function checkCelsius(value: unknown, field: string, rules: TemperatureVisitRules, extra: Record<string, unknown> = {}): number {
  const lo = rules.thermometerMinCelsius;
  const hi = rules.thermometerMaxCelsius;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw invalidInput(`${field} 温度须在 ${lo}…${hi} °C 之间 / ${field} must be a temperature between ${lo} and ${hi} °C, got ${String(value)}`, {
      field, min: lo, max: hi, ...extra,
    });
  }
  return value;
}

/**
 * Checks a visit sheet and judges it: refuses (INVALID_INPUT naming the field, `at` = the input's path)
 * fewer than `minStaff` distinct staff, no judged room, a temperature the thermometer cannot read, a
 * sheet neither signed nor refused, and a refusal without the neighbour's signed measurement.
 */
export function checkTemperatureVisit(input: TemperatureVisitInput, now: Date, rules: TemperatureVisitRules = DEFAULT_TEMPERATURE_VISIT_RULES, at = 'input'): CheckedTemperatureVisit {
  if (!(input.visitedAt instanceof Date) || Number.isNaN(input.visitedAt.getTime())) {
    throw invalidInput(`${at}.visitedAt 不是有效时间 / ${at}.visitedAt is not a valid time`, { field: `${at}.visitedAt` });
  }
  if (input.visitedAt.getTime() > now.getTime()) {
    throw invalidInput(`${at}.visitedAt 不能晚于现在 / ${at}.visitedAt cannot be in the future`, { field: `${at}.visitedAt` });
  }

  const staff: VisitStaff[] = [];
  (input.staff ?? []).forEach((s, i) => {
    const id = text(s?.id);
    const name = text(s?.name);
    if (!id || !name) throw invalidInput(`${at}.staff[${i}] 须有工号和姓名 / ${at}.staff[${i}] needs an id and a name`, { field: `${at}.staff[${i}]`, index: i });
    if (!staff.some((x) => x.id === id)) staff.push({ id, name });
  });
  if (staff.length < rules.minStaff) {
    throw invalidInput(
      `走访测温须至少 ${rules.minStaff} 名员工（现有 ${staff.length} 名）/ ${at}.staff: a temperature-check visit needs at least ${rules.minStaff} staff, got ${staff.length}`,
      { field: `${at}.staff`, min: rules.minStaff, got: staff.length },
    );
  }

  const rooms: CheckedRoom[] = (input.rooms ?? []).map((r, i) => {
    const name = text(r?.name);
    if (!name) throw invalidInput(`${at}.rooms[${i}].name 不能为空 / ${at}.rooms[${i}].name is required`, { field: `${at}.rooms[${i}].name`, index: i });
    if (!(ROOM_KINDS as readonly string[]).includes(r.kind)) {
      throw invalidInput(`${at}.rooms[${i}].kind 须为 ${ROOM_KINDS.join('、')} / ${at}.rooms[${i}].kind must be one of ${ROOM_KINDS.join(', ')}`, { field: `${at}.rooms[${i}].kind`, index: i });
    }
    const celsius = checkCelsius(r.celsius, `${at}.rooms[${i}].celsius`, rules, { index: i, room: name });
    const judged = rules.judgedRoomKinds.includes(r.kind);
    return { name, kind: r.kind, celsius, passed: judged ? celsius >= rules.thresholdCelsius : null };
  });
  const judged = rooms.filter((r) => r.passed !== null);
  if (judged.length === 0) {
    throw invalidInput(
      `须至少测量一间客厅或卧室 / ${at}.rooms: measure at least one room of kind ${rules.judgedRoomKinds.join(' or ')}`,
      { field: `${at}.rooms`, judgedRoomKinds: [...rules.judgedRoomKinds] },
    );
  }

  const signature = text(input.customerSignature);
  const refused = input.customerRefused === true;
  if (signature && refused) {
    throw invalidInput(`用户已签字就不是拒签 / ${at}.customerRefused: a signed sheet is not a refusal`, { field: `${at}.customerRefused` });
  }
  if (!signature && !refused) {
    throw invalidInput(
      `须有用户签字，或注明用户拒签并由邻户测温签字见证 / ${at}.customerSignature: the customer signs the sheet, or customerRefused with a neighbour's signed measurement`,
      { field: `${at}.customerSignature` },
    );
  }
  let neighbour: CheckedTemperatureVisit['neighbour'] = null;
  if (refused) {
    const n = input.neighbour;
    if (!n) {
      throw invalidInput(
        `用户拒签时须测量邻户室温并由邻户签字 / ${at}.neighbour: when the customer refuses to sign, a neighbour's room is measured and signed for as evidence`,
        { field: `${at}.neighbour` },
      );
    }
    const address = text(n.address);
    const nSignature = text(n.signature);
    if (!address) throw invalidInput(`${at}.neighbour.address 不能为空 / ${at}.neighbour.address is required`, { field: `${at}.neighbour.address` });
    if (!nSignature) throw invalidInput(`${at}.neighbour.signature 须有邻户签字 / ${at}.neighbour.signature is required`, { field: `${at}.neighbour.signature` });
    const celsius = checkCelsius(n.celsius, `${at}.neighbour.celsius`, rules);
    neighbour = { address, room: text(n.room) || null, celsius, signature: nSignature, passed: celsius >= rules.thresholdCelsius };
  } else if (input.neighbour) {
    throw invalidInput(`用户已签字，无需邻户见证 / ${at}.neighbour: only a refused sheet takes a neighbour's evidence`, { field: `${at}.neighbour` });
  }

  const roomsPassed = judged.filter((r) => r.passed).length;
  return {
    visitedAt: new Date(input.visitedAt),
    staff,
    rooms,
    thresholdCelsius: rules.thresholdCelsius,
    passed: roomsPassed === judged.length,
    roomsJudged: judged.length,
    roomsPassed,
    customerSignature: signature || null,
    customerRefused: refused,
    neighbour,
    note: text(input.note) || null,
  };
}

export interface OrderForVisitRule {
  id: string;
  number: string;
  category: string;
  /** A reopened order needs a visit made after it was reopened (the revisit is checked again). */
  reopenedAt: Date | null;
}

/**
 * docs/domain.md: a room temperature complaint is answered by a temperature-check visit, so the order is
 * not resolved before one is recorded (SLA_RULE naming the missing visit). Visits are complete by
 * construction (checkTemperatureVisit), so one recorded after the last reopening is enough.
 */
export function assertVisitBeforeResolve(order: OrderForVisitRule, visitedAt: readonly Date[], rules: TemperatureVisitRules = DEFAULT_TEMPERATURE_VISIT_RULES): void {
  if (!rules.visitRequiredCategories.includes(order.category)) return;
  const since = order.reopenedAt?.getTime() ?? -Infinity;
  if (visitedAt.some((t) => t.getTime() >= since)) return;
  throw new DomainError(
    'SLA_RULE',
    `工单 ${order.number} 须先完成走访测温（至少两名员工、各房间温度、用户签字或邻户见证）才能办结 / ` +
      `order ${order.number} cannot be resolved before a complete temperature-check visit is recorded${order.reopenedAt ? ' after it was reopened' : ''} (recordTemperatureVisit)`,
    { field: 'id', workOrderId: order.id, missing: 'temperatureVisit', category: order.category },
  );
}

export interface VisitOutcome {
  passed: boolean;
  roomsJudged: number;
  roomsPassed: number;
}

export interface TemperatureCompliance {
  /** Visits recorded in the period (households measured). */
  visits: number;
  passedVisits: number;
  /** passedVisits / visits; null with no visit. */
  rate: number | null;
  target: number;
  /** null with no visit: nothing to judge. */
  met: boolean | null;
  roomsJudged: number;
  roomsPassed: number;
  roomRate: number | null;
}

/**
 * Room-temperature compliance (室温达标率) of a period: the share of measured households whose judged rooms all
 * reached the threshold — a household with one cold bedroom is not compliant — beside the room-level share.
 */
export function temperatureCompliance(visits: readonly VisitOutcome[], target: number): TemperatureCompliance {
  const passedVisits = visits.filter((v) => v.passed).length;
  const roomsJudged = visits.reduce((s, v) => s + v.roomsJudged, 0);
  const roomsPassed = visits.reduce((s, v) => s + v.roomsPassed, 0);
  const rate = visits.length ? passedVisits / visits.length : null;
  return {
    visits: visits.length, passedVisits, rate, target, met: rate === null ? null : rate >= target,
    roomsJudged, roomsPassed, roomRate: roomsJudged ? roomsPassed / roomsJudged : null,
  };
}
