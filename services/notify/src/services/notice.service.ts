// What GraphQL reads and changes: notices of an outage, their receipts, templates, alerts.
import { InvalidInputError, NotFoundError, type Clock, type Identity } from '@mainline/common';
import {
  type NoticeAddress,
  assertUtilityRun, composeSms, defaultTemplate, NOTICE_KINDS, AUDIENCE_CHANNELS, LOCALES, TEMPLATE_VARIABLES, templateKey, validateTemplate, WORDINGS,
  type Audience, type Channel, type Locale, type NoticeKind, type NoticeReceipt, type Recipient, type NoticeWording, type NotifyConfig, type TemplateVars, type UtilityKind,
} from '../domain';
import type { AlertRecord, ListedNotice, NoticeRecord, NoticeRepository, TemplateRecord } from '../repositories/notice.repository';

export interface TemplateView {
  key: string;
  utility: UtilityKind;
  pressureReduction: boolean;
  kind: NoticeKind;
  audience: Audience;
  channel: Channel;
  locale: Locale;
  title: string;
  body: string;
  /** true when a supervisor's edit replaces the shipped default. */
  customized: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export interface UpdateTemplateInput extends NoticeAddress, NoticeWording {
  title: string;
  body: string;
}

const ALERT_LIMIT = 500;

export class NoticeService {
  constructor(
    private readonly repo: NoticeRepository,
    private readonly cfg: NotifyConfig,
    private readonly clock: Clock,
    /** The utility kinds this deployment runs (UTILITY_KINDS): their templates are listed and edited. */
    private readonly utilities: readonly UtilityKind[],
  ) {}

  forOutage(outageId: string): Promise<NoticeRecord[]> {
    return this.repo.forOutage(outageId);
  }

  /** The notices of several outages in one read, one list per id in order. */
  async forOutages(outageIds: readonly string[]): Promise<ListedNotice[][]> {
    const by = new Map<string, ListedNotice[]>(outageIds.map((id) => [id, []]));
    for (const n of await this.repo.forOutages(outageIds)) by.get(n.outageId)?.push(n);
    return outageIds.map((id) => by.get(id) ?? []);
  }

  /** The recipients of several notices in one read, one list per id in order. */
  async recipientsOf(noticeIds: readonly string[]): Promise<Recipient[][]> {
    const by = new Map((await this.repo.recipientsOf(noticeIds)).map((r) => [r.id, r.recipients]));
    return noticeIds.map((id) => by.get(id) ?? []);
  }

  /** The receipts of the notices of several outages in one read, by notice id. */
  async receiptsOfOutages(outageIds: readonly string[]): Promise<Map<string, NoticeReceipt[]>> {
    const m = new Map<string, NoticeReceipt[]>();
    for (const r of await this.repo.receiptsForOutages(outageIds)) (m.get(r.noticeId) ?? m.set(r.noticeId, []).get(r.noticeId)!).push(r);
    return m;
  }

  /**
   * Every shipped template of the kinds this deployment runs (or of `utility`), water's first, with the
   * supervisor's edit where there is one.
   */
  async templates(utility?: UtilityKind | null): Promise<TemplateView[]> {
    if (utility) assertUtilityRun(this.utilities, utility);
    const saved = new Map<string, TemplateRecord>();
    for (const t of await this.repo.templates(undefined, utility ?? undefined)) {
      saved.set(templateKey(t.kind, t.audience, t.channel, t.locale, { utility: t.utility, pressureReduction: t.pressureReduction }), t);
    }
    const views: TemplateView[] = [];
    for (const wording of WORDINGS.filter((w) => (utility ? w.utility === utility : this.utilities.includes(w.utility)))) {
      for (const kind of NOTICE_KINDS) for (const audience of Object.keys(AUDIENCE_CHANNELS) as Audience[]) for (const channel of AUDIENCE_CHANNELS[audience]) {
        for (const locale of LOCALES) {
          const key = templateKey(kind, audience, channel, locale, wording);
          const def = defaultTemplate(kind, audience, channel, locale, wording, { heatStopWord: this.cfg.heatStopWord });
          const s = saved.get(key);
          views.push({
            key, ...wording, kind, audience, channel, locale, title: s?.title ?? def.title, body: s?.body ?? def.body,
            customized: !!s, updatedBy: s?.updatedBy ?? null, updatedAt: s?.updatedAt ?? null,
          });
        }
      }
    }
    return views;
  }

  /** Validates (kind run here, unknown variables, channel rules, SMS length) and saves a supervisor's template. */
  async updateTemplate(by: Identity, input: UpdateTemplateInput): Promise<TemplateView> {
    assertUtilityRun(this.utilities, input.utility);
    if (!AUDIENCE_CHANNELS[input.audience].includes(input.channel)) {
      throw new InvalidInputError(`no notice goes to audience ${input.audience} on channel ${input.channel}`, { field: 'channel' });
    }
    const key = templateKey(input.kind, input.audience, input.channel, input.locale, input);
    const tpl = { title: input.title, body: input.body };
    validateTemplate(tpl, input);
    if (input.channel === 'SMS') this.checkSmsLength(input);
    const saved = await this.repo.saveTemplate({ ...input, updatedBy: by.sub }, this.clock.now());
    return { key, ...saved, customized: true };
  }

  /** A template that cannot fit the carrier's limit even with one short area name is refused before it is used. */
  private checkSmsLength(input: UpdateTemplateInput): void {
    // composeSms fills `areas` itself; noticeUrl must be non-empty, the rest only make the sample realistically long.
    const blank = Object.fromEntries(TEMPLATE_VARIABLES.filter((v) => v !== 'areas').map((v) => [v, ''])) as Omit<TemplateVars, 'areas'>;
    const u = this.cfg.utilities[input.utility];
    const vars: Omit<TemplateVars, 'areas'> = {
      ...blank, utilityName: u.utilityName ?? this.cfg.utilityName, outageNumber: 'TS-2026-0001', outageKind: '计划停水', areaCount: '1',
      timeRange: '2026年11月27日 08:00 至 14:00', shortTimeRange: '11月27日08:00至14:00', previousTimeRange: '11月26日08:00至14:00',
      startTime: '2026年11月27日 08:00', endTime: '2026年11月27日 14:00', reason: '管道维修', hotline: u.hotline ?? this.cfg.hotline,
      authorityName: u.authority.name[input.locale],
      noticeUrl: this.cfg.noticeBaseUrl + 'AbCd1234', leadTime: '24小时', eventTime: '2026年11月27日 14:00', issuedAt: '2026年11月26日',
    };
    const sms = composeSms({
      template: input.body, vars, areaNames: ['幸福路'], locale: input.locale, signature: u.smsSignature ?? this.cfg.smsSignature,
      preferredSegments: this.cfg.smsPreferredSegments, maxSegments: this.cfg.smsMaxSegments,
    });
    if (!sms.fits) {
      throw new InvalidInputError(
        `短信模板过长：即使只列一个地名也需要${sms.segments}条短信，上限${this.cfg.smsMaxSegments}条 / SMS template too long: ${sms.segments} segments with a single area name, at most ${this.cfg.smsMaxSegments} allowed`,
        { field: 'body', segments: sms.segments, maxSegments: this.cfg.smsMaxSegments },
      );
    }
  }

  alerts(f: { outageId?: string | null; includeAcknowledged?: boolean | null }): Promise<AlertRecord[]> {
    return this.repo.alerts({ outageId: f.outageId ?? null, includeAcknowledged: f.includeAcknowledged ?? false, limit: ALERT_LIMIT });
  }

  async acknowledgeAlert(by: Identity, id: string, note: string | null | undefined): Promise<AlertRecord> {
    const a = await this.repo.acknowledgeAlert(id, by.sub, note?.trim() || null, this.clock.now());
    if (!a) throw new NotFoundError('notice alert', id);
    return a;
  }
}
