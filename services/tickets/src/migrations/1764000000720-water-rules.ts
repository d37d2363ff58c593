import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The water rules the first version got wrong (issue 11, docs/domain.md "Water rules"), as literal
 * values like every seed:
 *  - complaints are accepted within 1 h of the report, not of the dispatch; URGENT gets the 24 h level
 *    (the 12 h level is "generally not used");
 *  - a complaint's concern (works quality, timeliness, staff conduct) decides its department; an order
 *    carries a processing level that sets its resolve deadline, who set it and why, and the intake's
 *    "may injure someone or damage property" flag;
 *  - new-connection applications are a category of their own (business office);
 *  - compensation rules say what triggers them (a missed deadline or a recorded finding), how the amount
 *    is computed and who is paid: LATE_REPLY is for new-connection answers (not billing and
 *    reconnection), the 100 CNY for a late arrival at a leak is an internal fine on the responsible
 *    unit, and meter not read (20 CNY once), meter box late (1 % of its cost per day) and overcharge
 *    (refund 3–5 times) are recorded findings.
 */
export class WaterRules1764000000720 implements MigrationInterface {
  name = 'WaterRules1764000000720';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE sla_target SET from_event = 'report', updated_at = now() WHERE category = 'COMPLAINT' AND kind = 'accept'`);
    await q.query(`UPDATE sla_target SET minutes = 1440, updated_at = now() WHERE category = 'URGENT' AND kind = 'resolve' AND minutes = 720`);
    await q.query(`INSERT INTO sla_target (category, kind, minutes, working_days, basis, from_event) VALUES
      ('NEW_CONNECTION', 'dispatch', 5, NULL, 'clock', 'report'),
      ('NEW_CONNECTION', 'accept', 20, NULL, 'clock', 'dispatch'),
      ('NEW_CONNECTION', 'callback', 4320, NULL, 'clock', 'resolve')
      ON CONFLICT DO NOTHING`);
    await q.query(`INSERT INTO routing_rule (category, department) VALUES ('NEW_CONNECTION', 'BUSINESS') ON CONFLICT DO NOTHING`);

    await q.query(`ALTER TABLE compensation_rule
      ADD COLUMN trigger text NOT NULL DEFAULT 'deadline' CHECK (trigger IN ('deadline','finding')),
      ADD COLUMN basis text NOT NULL DEFAULT 'fixed' CHECK (basis IN ('fixed','shareOfCost','multipleOfAmount')),
      ADD COLUMN rate numeric(12,4) CHECK (rate >= 0),
      ADD COLUMN rate_max numeric(12,4) CHECK (rate_max >= 0),
      ADD COLUMN payee text NOT NULL DEFAULT 'CUSTOMER' CHECK (payee IN ('CUSTOMER','INTERNAL')),
      ALTER COLUMN target DROP NOT NULL`);
    await q.query(`ALTER TABLE compensation_rule ADD CONSTRAINT compensation_rule_target_check CHECK ((trigger = 'deadline') = (target IS NOT NULL))`);
    await q.query(`UPDATE compensation_rule SET payee = 'INTERNAL', label_zh = '漏水报修未按时到场（对责任单位考核）',
      label_en = 'Not on site in time after a leak report (fine on the responsible unit)' WHERE id = 'LEAK_LATE_ON_SITE'`);
    await q.query(`UPDATE compensation_rule SET categories = ARRAY['NEW_CONNECTION'], target = 'answer', label_zh = '资料齐全的接水申请答复超时（按日）',
      label_en = 'Late reply to a complete new-connection application (per day)' WHERE id = 'LATE_REPLY'`);
    await q.query(`INSERT INTO compensation_rule (id, categories, trigger, target, amount_cny, per, basis, rate, rate_max, payee, label_zh, label_en) VALUES
      ('METER_NOT_READ', ARRAY['BILLING', 'METER_FAULT'], 'finding', NULL, 20, 'once', 'fixed', NULL, NULL, 'CUSTOMER', '未按规定抄表计费', 'Meter not read or charged as required'),
      ('METER_BOX_LATE', ARRAY['NEW_CONNECTION', 'METER_BOX'], 'finding', NULL, 0, 'day', 'shareOfCost', 0.01, NULL, 'CUSTOMER', '表箱未按时建成（按日，造价的1%）', 'Meter box not built on time (1 % of its cost per day)'),
      ('OVERCHARGE_REFUND', ARRAY['BILLING'], 'finding', NULL, 0, 'once', 'multipleOfAmount', 3, 5, 'CUSTOMER', '多收费用按3至5倍退还', 'Overcharge refunded 3 to 5 times')
      ON CONFLICT DO NOTHING`);

    // Records: who is paid, where the record came from (the deadline sweep or a recorded finding), the
    // unit a fine is on, and a finding's figures.
    await q.query(`ALTER TABLE compensation_record
      ADD COLUMN payee text NOT NULL DEFAULT 'CUSTOMER' CHECK (payee IN ('CUSTOMER','INTERNAL')),
      ADD COLUMN source text NOT NULL DEFAULT 'deadline' CHECK (source IN ('deadline','finding')),
      ADD COLUMN responsible_department text,
      ADD COLUMN base_amount_cny numeric(12,2),
      ADD COLUMN rate numeric(12,4),
      ADD COLUMN recorded_by text`);
    await q.query(`UPDATE compensation_record c SET payee = 'INTERNAL', responsible_department = w.department
      FROM work_order w WHERE w.id = c.order_id AND c.rule_id = 'LEAK_LATE_ON_SITE'`);

    await q.query(`UPDATE work_order SET priority = 'NORMAL'
      WHERE priority NOT IN ('NORMAL','HOURS_12','HOURS_24','HOURS_36','HOURS_48','DAYS_3','DAYS_5')`);
    await q.query(`ALTER TABLE work_order
      ADD CONSTRAINT work_order_priority_check CHECK (priority IN ('NORMAL','HOURS_12','HOURS_24','HOURS_36','HOURS_48','DAYS_3','DAYS_5')),
      ADD COLUMN complaint_concern text,
      ADD COLUMN risk_of_injury_or_damage boolean NOT NULL DEFAULT false,
      ADD COLUMN priority_reason text,
      ADD COLUMN priority_set_by text,
      ADD COLUMN priority_set_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order DROP CONSTRAINT work_order_priority_check, DROP COLUMN complaint_concern, DROP COLUMN risk_of_injury_or_damage,
      DROP COLUMN priority_reason, DROP COLUMN priority_set_by, DROP COLUMN priority_set_at`);
    await q.query(`ALTER TABLE compensation_record DROP COLUMN payee, DROP COLUMN source, DROP COLUMN responsible_department,
      DROP COLUMN base_amount_cny, DROP COLUMN rate, DROP COLUMN recorded_by`);
    await q.query(`DELETE FROM compensation_rule WHERE id IN ('METER_NOT_READ','METER_BOX_LATE','OVERCHARGE_REFUND')`);
    await q.query(`UPDATE compensation_rule SET categories = ARRAY['BILLING','RECONNECTION'], target = 'resolve', label_zh = '答复超时（按日）',
      label_en = 'Late reply to a complete application (per day)' WHERE id = 'LATE_REPLY'`);
    await q.query(`UPDATE compensation_rule SET label_zh = '漏水报修未按时到场', label_en = 'Not on site in time after a leak report' WHERE id = 'LEAK_LATE_ON_SITE'`);
    await q.query(`ALTER TABLE compensation_rule DROP CONSTRAINT compensation_rule_target_check, DROP COLUMN trigger, DROP COLUMN basis,
      DROP COLUMN rate, DROP COLUMN rate_max, DROP COLUMN payee`);
    await q.query(`ALTER TABLE compensation_rule ALTER COLUMN target SET NOT NULL`);
    await q.query(`DELETE FROM routing_rule WHERE category = 'NEW_CONNECTION'`);
    await q.query(`DELETE FROM sla_target WHERE category = 'NEW_CONNECTION'`);
    await q.query(`UPDATE sla_target SET minutes = 720 WHERE category = 'URGENT' AND kind = 'resolve' AND minutes = 1440`);
    await q.query(`UPDATE sla_target SET from_event = 'dispatch' WHERE category = 'COMPLAINT' AND kind = 'accept'`);
  }
}
