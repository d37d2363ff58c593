import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateTimeScalar, LonLatInput, ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import type { WorkOrderEntity } from '../entities/work-order.entity';
import type { OutageRow } from '../repositories/outage.repository';
import { Department, LeakTier, ProcessingLevel } from '../domain/enums';
import { LEVEL_BY_CODE, maskPhone } from '../domain';
import {
  AssetUnion, Attachment, AttachmentInput, CallbackInputType, CallbackRecord, CallbackTask, CompensationFindingInput, CompensationRecordType, CreateWorkOrderInput, LiaisonNotice,
  ConnectionApplication, ConnectionStageEnum, Representative,
  DuplicateCandidateType, Escalation, Extension, KnownOutage, OutageRef, Reporter, SlaClock, StatusChange, SurveyReplyInput, WorkOrderFilter,
  PhoneReadPage, WorkOrderPage, WorkOrderType,
} from '../schema/work-order.type';
import { loaders } from './loaders';

type Ctx = ServiceContext<TicketsServices>;

function toKnownOutage(o: OutageRow): KnownOutage {
  return { id: o.id, number: o.number, kind: o.kind, status: o.status, reason: o.reason, startsAt: o.startsAt, expectedEnd: o.endsAt, areaNames: o.areaNames };
}

export function toWorkOrder(w: WorkOrderEntity): WorkOrderType {
  return {
    ...w,
    callbackMethod: w.callbackMethod as WorkOrderType['callbackMethod'],
    reporter: { name: w.reporterName, phone: w.reporterPhone, maskedPhone: maskPhone(w.reporterPhone), orderId: w.id },
    asset: w.assetType && w.assetId && w.assetNetworkId ? { __typename: w.assetType, networkId: w.assetNetworkId, id: w.assetId } : null,
  };
}

/**
 * The root of the order's field resolvers. An interface, not the class: type-graphql copies a root typed as a
 * class into a new instance for every field resolver call (5 copies of each 50-field row on a dashboard page).
 */
interface WorkOrderRoot extends WorkOrderType {}

const ALL_READERS = ['agent', 'department', 'supervisor', 'admin'] as const;
const CALL_CENTER = ['agent', 'supervisor', 'admin'] as const;
const DEPARTMENT = ['department', 'supervisor', 'admin'] as const;

@Resolver(() => WorkOrderType)
export class WorkOrderResolver {
  // ---------- queries ----------
  @Authorized(...ALL_READERS)
  @Query(() => WorkOrderType, { nullable: true })
  async workOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.get(ctx.identity, id));
  }

  @Authorized(...ALL_READERS)
  @Query(() => KnownOutage, {
    nullable: true,
    description: 'The known outage (as tickets knows it from outage.events) whose area covers this point now: what the agent tells a caller before logging the report',
  })
  async knownOutageAt(@Ctx() ctx: Ctx, @Arg('location', () => LonLatInput) location: LonLatInput): Promise<KnownOutage | null> {
    const o = await ctx.services.workOrders.knownOutageAt(ctx.identity, location);
    return o ? toKnownOutage(o) : null;
  }

  @Authorized(...ALL_READERS)
  @Query(() => WorkOrderPage, { description: 'Newest first; a department sees its own queue only' })
  async workOrders(
    @Ctx() ctx: Ctx,
    @Arg('filter', () => WorkOrderFilter, { nullable: true }) filter?: WorkOrderFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<WorkOrderPage> {
    const r = await ctx.services.workOrders.list(ctx.identity, { ...(filter ?? {}) }, first, after);
    return { items: r.items.map(toWorkOrder), nextCursor: r.nextCursor };
  }

  @Authorized(...CALL_CENTER)
  @Query(() => [CallbackTask], { description: 'Callbacks to make (open ones by default)' })
  async callbackTasks(@Ctx() ctx: Ctx, @Arg('openOnly', { defaultValue: true }) openOnly: boolean, @Arg('first', () => Int, { defaultValue: 100 }) first: number): Promise<CallbackTask[]> {
    return (await ctx.services.workOrders.callbackTasks({ openOnly, limit: Math.min(first, 500) })).map((t) => ({ ...t, workOrderId: t.orderId, method: t.method as any, contact: t.contact }));
  }

  @Authorized('supervisor', 'admin')
  @Query(() => [Escalation])
  async escalations(@Ctx() ctx: Ctx, @Arg('first', () => Int, { defaultValue: 100 }) first: number): Promise<Escalation[]> {
    return (await ctx.services.workOrders.escalations({ limit: Math.min(first, 500) })).map((e) => ({ ...e, workOrderId: e.orderId, target: e.kind }));
  }

  @Authorized('supervisor', 'admin')
  @Query(() => [CompensationRecordType])
  async compensationRecords(@Ctx() ctx: Ctx, @Arg('status', () => String, { nullable: true }) status?: string, @Arg('first', () => Int, { defaultValue: 100 }) first = 100): Promise<CompensationRecordType[]> {
    return (await ctx.services.workOrders.compensation({ status: status ?? undefined, limit: Math.min(first, 500) })).map((c) => ({ ...c, workOrderId: c.orderId }));
  }

  // ---------- mutations ----------
  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'Log a report: routed, deadlines set; inside a known outage a no-water/pressure report is linked to it' })
  async createWorkOrder(@Arg('input', () => CreateWorkOrderInput) input: CreateWorkOrderInput, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.create(ctx.identity, input));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'An inquiry answered on the call: logged and closed as answered at once, with no dispatch clock' })
  async answerAtOnce(@Arg('input', () => CreateWorkOrderInput) input: CreateWorkOrderInput, @Arg('answer') answer: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.answerAtOnce(ctx.identity, input, answer));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'A new inquiry already logged, answered on the call and closed (no dispatch clock)' })
  async answerWorkOrderAtOnce(@Arg('id', () => ID) id: string, @Arg('answer') answer: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.answerWorkOrderAtOnce(ctx.identity, id, answer));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'The repair tier chosen on site: sets the resolve deadline from the report (SMALL 5 h, MEDIUM 10 h, LARGE 24 h; OTHER_UNIT_SHUTOFF 48 h for meter boxes)' })
  async setLeakTier(
    @Arg('id', () => ID) id: string,
    @Arg('tier', () => LeakTier) tier: LeakTier,
    @Ctx() ctx: Ctx,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.setLeakTier(ctx.identity, id, tier, reason));
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Mutation(() => WorkOrderType, { description: 'A new-connection application’s documents are complete: its answer (same working day) and survey clocks start' })
  async recordConnectionDocuments(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.recordConnectionDocuments(ctx.identity, id));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'A stage of a new-connection application is done, in order; acceptance needs flushing and the water-quality report; water on settles (resolves) the job' })
  async completeConnectionStage(
    @Arg('id', () => ID) id: string,
    @Arg('stage', () => ConnectionStageEnum) stage: ConnectionStageEnum,
    @Ctx() ctx: Ctx,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('flushed', () => Boolean, { nullable: true }) flushed?: boolean,
    @Arg('waterQualityReport', () => String, { nullable: true, description: 'The report’s number or URL' }) waterQualityReport?: string,
  ): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.completeConnectionStage(ctx.identity, id, { stage, note, flushed, waterQualityReport }));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'Send to the routed department (or another one)' })
  async dispatchWorkOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx, @Arg('department', () => Department, { nullable: true }) department?: Department): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.dispatch(ctx.identity, id, department));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType)
  async acceptWorkOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.accept(ctx.identity, id));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType)
  async arriveOnSite(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.arriveOnSite(ctx.identity, id));
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Mutation(() => WorkOrderType, { description: 'The first answer to the customer: meets the reply clock (replyDueAt); the status stays' })
  async replyToCustomer(@Arg('id', () => ID) id: string, @Arg('reply') reply: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.reply(ctx.identity, id, reply));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'Pause the clocks: waiting for the customer' })
  async waitForCustomer(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.waitForCustomer(ctx.identity, id, reason));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'Resume the clocks after waiting for the customer' })
  async resumeWorkOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.resume(ctx.identity, id));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType)
  async resolveWorkOrder(@Arg('id', () => ID) id: string, @Arg('result') result: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.resolve(ctx.identity, id, result));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'Before the resolve deadline, with a reason' })
  async requestExtension(
    @Arg('id', () => ID) id: string,
    @Arg('newDueAt', () => DateTimeScalar) newDueAt: Date,
    @Arg('reason') reason: string,
    @Ctx() ctx: Ctx,
  ): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.requestExtension(ctx.identity, id, newDueAt, reason));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'By a supervisor or a listed head of the order’s department' })
  async decideExtension(
    @Arg('id', () => ID) id: string,
    @Arg('approved') approved: boolean,
    @Ctx() ctx: Ctx,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.decideExtension(ctx.identity, id, approved, comment));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'The call center allows the department to return this order once' })
  async grantReturnPermission(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.grantReturnPermission(ctx.identity, id));
  }

  @Authorized(...DEPARTMENT)
  @Mutation(() => WorkOrderType, { description: 'Misrouted: back to the call center (needs its permission; clocks keep running)' })
  async returnWorkOrder(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.returnOrder(ctx.identity, id, reason));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'Satisfied → CALLED_BACK; unsatisfied → REOPENED for the department' })
  async recordCallback(@Arg('input', () => CallbackInputType) input: CallbackInputType, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.recordCallback(ctx.identity, input.workOrderId, input));
  }

  @Authorized('notice-system', 'supervisor', 'admin')
  @Mutation(() => WorkOrderType, { description: 'An SMS survey answer; unsatisfied reopens the order and creates a phone callback task' })
  async submitSurveyReply(@Arg('input', () => SurveyReplyInput) input: SurveyReplyInput, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.applySurveyReply(ctx.identity, input));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'Merge a duplicate report into an open order: the caller is linked, not dispatched again' })
  async mergeWorkOrder(@Arg('id', () => ID) id: string, @Arg('intoId', () => ID) intoId: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.merge(ctx.identity, id, intoId));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType)
  async closeWorkOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.close(ctx.identity, id));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType)
  async cancelWorkOrder(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.cancel(ctx.identity, id, reason));
  }

  @Authorized(...ALL_READERS)
  @Mutation(() => WorkOrderType, { description: 'Attach a file by URL (photos, signed forms)' })
  async addAttachment(@Arg('id', () => ID) id: string, @Arg('attachment', () => AttachmentInput) a: AttachmentInput, @Ctx() ctx: Ctx): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.addAttachment(ctx.identity, id, a));
  }

  @Authorized(...CALL_CENTER)
  @Mutation(() => WorkOrderType, { description: 'Set the processing level (sets the resolve deadline from the report; NORMAL: the category’s); recorded with who and why' })
  async setProcessingLevel(
    @Arg('id', () => ID) id: string,
    @Arg('level', () => ProcessingLevel) level: ProcessingLevel,
    @Arg('reason') reason: string,
    @Ctx() ctx: Ctx,
  ): Promise<WorkOrderType> {
    return toWorkOrder(await ctx.services.workOrders.setProcessingLevel(ctx.identity, id, level, reason));
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => CompensationRecordType, { description: 'Record a finding a compensation rule pays for (meter not read, meter box late, overcharge); proposed for confirmation' })
  async recordCompensationFinding(@Arg('input', () => CompensationFindingInput) input: CompensationFindingInput, @Ctx() ctx: Ctx): Promise<CompensationRecordType> {
    const c = await ctx.services.workOrders.recordCompensationFinding(ctx.identity, input.workOrderId, input);
    return { ...c, workOrderId: c.orderId };
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => CompensationRecordType, { description: 'Confirm (true) or reject (false) a proposed compensation' })
  async decideCompensation(@Arg('id', () => ID) id: string, @Arg('confirm') confirm: boolean, @Ctx() ctx: Ctx): Promise<CompensationRecordType> {
    const c = await ctx.services.workOrders.decideCompensation(ctx.identity, id, confirm);
    return { ...c, workOrderId: c.orderId };
  }

  // ---------- fields (lists through the request's loaders: one statement per field for the page) ----------
  @FieldResolver(() => Reporter, { nullable: true, description: 'The caller: name and phone only to those who contact callers and to the owning department while the order is open (null otherwise)' })
  reporter(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Reporter {
    const visible = ctx.services.workOrders.readsPersonalData(ctx.identity, w);
    return { name: visible ? w.reporter.name : null, phone: visible ? w.reporter.phone : null, maskedPhone: w.reporter.maskedPhone, orderId: w.id };
  }

  @FieldResolver(() => AssetUnion, { nullable: true, description: 'The network element reported; null when the network service no longer knows it' })
  async asset(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx) {
    if (!w.asset) return null;
    let exists: boolean;
    try {
      exists = await loaders(ctx).assetExists.load({ type: w.asset.__typename, networkId: w.asset.networkId, id: w.asset.id });
    } catch {
      return w.asset; // the network service is down: the gateway's own fetch of the element says so
    }
    if (!exists) ctx.log.warn({ order: w.number, asset: w.asset }, 'dangling asset reference: the network service does not know it');
    return exists ? w.asset : null;
  }

  @FieldResolver(() => OutageRef, { nullable: true, description: 'The outage this order belongs to: the known outage a report was linked to, or the gas outage an ignition check follows' })
  outage(@Root() w: WorkOrderRoot): OutageRef | null {
    return w.outageId ? { id: w.outageId } : null;
  }

  @FieldResolver(() => KnownOutage, { nullable: true, description: 'The linked outage as tickets knows it: expected end, area names' })
  async knownOutage(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<KnownOutage | null> {
    if (!w.outageId) return null;
    const o = await loaders(ctx).outage.load(w.outageId);
    return o ? toKnownOutage(o) : null;
  }

  @FieldResolver(() => [StatusChange], { description: 'Every change: who, when, what' })
  history(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<StatusChange[]> {
    return loaders(ctx).history.load(w.id);
  }

  @FieldResolver(() => [LiaisonNotice], { description: 'The liaisons on duty each dispatch reached by SMS (empty when no one was on duty)' })
  async liaisonNotices(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<LiaisonNotice[]> {
    return loaders(ctx).liaisonNotices.load(w.id);
  }

  @FieldResolver(() => ConnectionApplication, { nullable: true, description: 'NEW_CONNECTION: the application, its stages and their clocks' })
  async connection(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<ConnectionApplication | null> {
    const c = await loaders(ctx).connection.load(w.id);
    if (!c) return null;
    const visible = ctx.services.workOrders.readsPersonalData(ctx.identity, w);
    return {
      documentsCompleteAt: c.documentsCompleteAt, mainDiameterMm: c.mainDiameterMm, tapMainDiameterMm: c.tapMainDiameterMm, groupJob: c.groupJob,
      representative: c.groupJob
        ? { name: visible ? c.representativeName : null, phone: visible ? c.representativePhone : null, maskedPhone: maskPhone(c.representativePhone), orderId: w.id }
        : null,
      stages: c.stages.map((st) => ({ ...st, stage: st.stage as ConnectionStageEnum })),
    };
  }

  @FieldResolver(() => [Attachment])
  attachments(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<Attachment[]> {
    return loaders(ctx).attachments.load(w.id);
  }

  @FieldResolver(() => [Extension])
  extensions(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<Extension[]> {
    return loaders(ctx).extensions.load(w.id);
  }

  @FieldResolver(() => [SlaClock])
  async slaClocks(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<SlaClock[]> {
    return (await loaders(ctx).clocks.load(w.id)).map((c) => ({ target: c.kind, basis: c.basis, startedAt: c.startedAt, dueAt: c.dueAt, level: LEVEL_BY_CODE[c.level], metAt: c.metAt }));
  }

  @FieldResolver(() => [CallbackRecord])
  async callbacks(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<CallbackRecord[]> {
    return (await loaders(ctx).callbacks.load(w.id)).map((c) => ({ ...c, method: c.method as any }));
  }

  @FieldResolver(() => [DuplicateCandidateType], { description: 'Open orders this NEW report may duplicate (nearest first)' })
  async duplicateCandidates(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<DuplicateCandidateType[]> {
    return (await loaders(ctx).duplicates.load(w as unknown as WorkOrderEntity)).map((d) => ({ workOrderId: d.orderId, distanceM: d.distanceM, minutesApart: d.minutesApart }));
  }

  @Authorized('supervisor', 'admin')
  @FieldResolver(() => [Escalation])
  async escalationsOf(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<Escalation[]> {
    return (await loaders(ctx).escalations.load(w.id)).map((e) => ({ ...e, workOrderId: e.orderId, target: e.kind }));
  }

  @Authorized('supervisor', 'admin', 'agent')
  @FieldResolver(() => [CompensationRecordType])
  async compensation(@Root() w: WorkOrderRoot, @Ctx() ctx: Ctx): Promise<CompensationRecordType[]> {
    return (await loaders(ctx).compensation.load(w.id)).map((c) => ({ ...c, workOrderId: c.orderId }));
  }

  // ---------- the audit of phone reads ----------
  @Authorized('supervisor', 'admin')
  @Query(() => PhoneReadPage, { description: 'Who read which caller’s phone, when (newest first)' })
  async phoneReads(
    @Ctx() ctx: Ctx,
    @Arg('workOrderId', () => ID, { nullable: true }) workOrderId?: string,
    @Arg('readerId', () => String, { nullable: true }) readerId?: string,
    @Arg('from', () => DateTimeScalar, { nullable: true }) from?: Date,
    @Arg('to', () => DateTimeScalar, { nullable: true }) to?: Date,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<PhoneReadPage> {
    const r = await ctx.services.personalData.phoneReads(ctx.identity, { orderId: workOrderId, readerId, from, to }, first, after);
    return { items: r.items.map((x) => ({ ...x, workOrderId: x.orderId })), nextCursor: r.nextCursor };
  }
}

/** A group job's representative's phone is personal data like the caller's: null unless allowed, every read logged. */
@Resolver(() => Representative)
export class RepresentativeResolver {
  @FieldResolver(() => String, { nullable: true })
  async phone(@Root() r: Representative, @Ctx() ctx: Ctx): Promise<string | null> {
    if (!r.phone) return null;
    await loaders(ctx).representativePhoneRead.load(r.orderId);
    return r.phone;
  }
}

/** A caller's phone is personal data: null unless the order's reporter rule allows it, and every read is logged. */
@Resolver(() => Reporter)
export class ReporterResolver {
  @FieldResolver(() => String, { nullable: true })
  async phone(@Root() r: Reporter, @Ctx() ctx: Ctx): Promise<string | null> {
    if (!r.phone) return null;
    await loaders(ctx).phoneRead.load(r.orderId);
    return r.phone;
  }
}
