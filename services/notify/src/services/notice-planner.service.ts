// Turns one outage event into stored notices and, in the same transaction, outbox rows for the ones due now.
import { markProcessed, type Clock, type Logger } from '@mainline/common';
import type { DataSource } from 'typeorm';
import { DEFAULT_UTILITY, isUtilityKind, planNotices, toKafkaMessages, type NoticeDraft, type NoticeKafkaMessage, type NoticePlan, type NotifyConfig, type OutageEvent } from '../domain';
import type { NoticeRepository, NoticeRow } from '../repositories/notice.repository';
import type { SettingsRepository } from '../repositories/settings.repository';

/** Consumer name in processed_message: an event id is planned once, whatever Kafka redelivers. */
export const OUTAGE_EVENTS_CONSUMER = 'notify.outage-events';

export interface PlanOutcome {
  /** false when the event had been processed before (a redelivery). */
  processed: boolean;
  composed: number;
  queued: number;
  pending: number;
  cancelled: number;
  blocked: NoticePlan['blocked'];
  warnings: NoticePlan['warnings'];
}

export interface PlannerOptions {
  /** Notices per INSERT statement (NOTIFY_COMPOSE_INSERT_BATCH). */
  insertBatchSize: number;
}

export interface Kickable {
  kick(): void;
}

export class NoticePlanner {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: NoticeRepository,
    private readonly settings: SettingsRepository,
    private readonly cfg: NotifyConfig,
    private readonly noticeTopic: string,
    private readonly relay: Kickable,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly o: PlannerOptions,
  ) {}

  async handle(event: OutageEvent): Promise<PlanOutcome> {
    const now = this.clock.now();
    const outcome = await this.ds.transaction(async (tx): Promise<PlanOutcome> => {
      const skip: PlanOutcome = { processed: false, composed: 0, queued: 0, pending: 0, cancelled: 0, blocked: null, warnings: [] };
      if (!(await markProcessed(tx, OUTAGE_EVENTS_CONSUMER, event.eventId))) return skip;
      // Serialises events of one outage across replicas (a rebalance can hand a partition over mid-event).
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['notify.outage:' + event.outage.id]);
      const history = await this.repo.history(tx, event.outage.id);
      // An unknown utility kind is refused by planNotices, naming the field; read nothing for it.
      const kind: unknown = event.outage.utility ?? DEFAULT_UTILITY;
      const utility = isUtilityKind(kind) ? kind : null;
      const templates = utility ? await this.repo.templateOverrides(tx, utility) : {};
      // Only kinds whose authority hears of stops in the heating season need the seasons the tickets service set.
      const heatingSeasons = utility && this.cfg.utilities[utility].authority.inHeatingSeason ? await this.settings.heatingSeasons(tx) : null;
      const plan = planNotices(event, { ...this.cfg, templates, heatingSeasons }, now, history);
      const messages = toKafkaMessages(plan.drafts, this.cfg);
      const rows = plan.drafts.map((d, i) => this.row(d, messages[i], event.eventId, now));
      // Notices and the outbox rows of those due now, in one statement per batch.
      const { written, queued } = await this.repo.insertNotices(tx, rows, this.noticeTopic, this.o.insertBatchSize);
      const cancelled = await this.repo.cancelPending(tx, plan.cancelKeys);
      return {
        processed: true, composed: written.size, queued, pending: written.size - queued, cancelled,
        blocked: plan.blocked, warnings: plan.warnings,
      };
    });
    if (outcome.queued > 0) this.relay.kick();
    if (outcome.processed) {
      this.log.info({ eventId: event.eventId, type: event.type, outageId: event.outage.id, ...outcome, warnings: outcome.warnings.map((w) => w.code) }, 'outage event planned');
    }
    return outcome;
  }

  private row(d: NoticeDraft, m: NoticeKafkaMessage, eventId: string, now: Date): NoticeRow {
    const due = new Date(d.sendAt).getTime() <= now.getTime();
    return {
      id: d.noticeKey, outage_id: d.outageId, utility: d.utility, event_id: eventId, kind: d.kind, audience: d.audience, channel: d.channel, locale: d.locale,
      title: d.title, text: d.text, status: due ? 'QUEUED' : 'PENDING', recipients: d.recipients, recipient_count: d.recipients.length,
      send_at: d.sendAt, reminder_hours_before: d.reminderHoursBefore, url: d.url,
      message_key: m.key, message_headers: m.headers, message_value: m.value, queued_at: due ? now.toISOString() : null,
    };
  }
}
