import { Category, Department, LeakTier, ProcessingLevel, Role, WorkOrderStatus as S } from './enums';
import { DomainError, assertValidDate, invalidInput } from './errors';
import { validateExtensionRequest } from './sla';

export type ActionType =
  | 'CREATE'
  | 'DISPATCH'
  | 'MERGE'
  | 'CANCEL'
  | 'LINK_OUTAGE'
  | 'ANSWER_AT_ONCE'
  | 'ACCEPT'
  | 'RETURN'
  | 'ARRIVE'
  | 'REPLY'
  | 'WAIT_CUSTOMER'
  | 'RESUME'
  | 'MISS_VISIT'
  | 'REQUEST_EXTENSION'
  | 'DECIDE_EXTENSION'
  | 'RESOLVE'
  | 'CALLBACK'
  | 'SURVEY_REPLY'
  | 'CLOSE'
  | 'REOPEN'
  | 'SET_LEVEL'
  | 'SET_LEAK_TIER'
  | 'CONNECTION_DOCUMENTS'
  | 'CONNECTION_STAGE';

export type WorkOrderAction =
  | { type: 'DISPATCH'; department: Department }
  | { type: 'MERGE'; intoOrderId: string }
  | { type: 'CANCEL'; reason: string }
  | { type: 'LINK_OUTAGE'; outageId: string }
  | { type: 'ANSWER_AT_ONCE'; answer: string }
  | { type: 'ACCEPT' }
  /** permittedBy: id of the call-center agent who allowed the return (docs/domain.md: Return). */
  | { type: 'RETURN'; reason: string; permittedBy?: string }
  | { type: 'ARRIVE' }
  /** The first answer to the customer (the `reply` clock); the status stays. */
  | { type: 'REPLY'; reply: string }
  | { type: 'WAIT_CUSTOMER'; reason: string }
  | { type: 'RESUME' }
  /**
   * docs/domain.md "Home-visit appointments": the customer was not in; a re-appointment notice was left and the
   * order waits, clocks paused, until the new visit (`resumeAt`), when it resumes by itself.
   */
  | { type: 'MISS_VISIT'; resumeAt: Date; noticeNumber: string }
  | { type: 'REQUEST_EXTENSION'; newDueAt: Date; reason: string }
  | { type: 'DECIDE_EXTENSION'; approved: boolean; comment?: string }
  | { type: 'RESOLVE'; result: string }
  | { type: 'CALLBACK'; satisfied: boolean; method: 'SMS' | 'PHONE'; comment?: string }
  | { type: 'SURVEY_REPLY'; satisfied: boolean; comment?: string }
  | { type: 'CLOSE' }
  | { type: 'REOPEN'; reason: string }
  /** The call center sets the processing level (docs/domain.md, Water rules): it sets the resolve deadline. */
  | { type: 'SET_LEVEL'; level: ProcessingLevel; reason: string }
  /** The crew on site chooses the repair tier: it sets the resolve deadline (docs/domain.md, Water rules). */
  | { type: 'SET_LEAK_TIER'; tier: LeakTier; reason?: string }
  /** A new-connection application's documents are complete: its answer and survey clocks start. */
  | { type: 'CONNECTION_DOCUMENTS' }
  /** A stage of a new-connection application is done (water on is recorded as RESOLVE: it settles the job). */
  | { type: 'CONNECTION_STAGE'; stage: string; note?: string };

/** Statuses in which the order's work is not finished (a level may still change its resolve deadline). */
const OPEN_WORK: S[] = [S.NEW, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.RETURNED, S.EXTENSION_REQUESTED, S.WAITING_CUSTOMER, S.REOPENED];

/**
 * Where each action may start and where it leads. 'PREVIOUS' = back to the working status saved in
 * `returnTo` (pause, extension); 'BY_RESULT' = CALLED_BACK if satisfied, else REOPENED; 'SAME' = the
 * status does not change (a fact of the order does).
 */
export const TRANSITIONS: Record<Exclude<ActionType, 'CREATE'>, { from: S[]; to: S | 'PREVIOUS' | 'BY_RESULT' | 'SAME' }> = {
  // Re-dispatch after a return or a reopen keeps the original clock (deadlines run from the report).
  DISPATCH: { from: [S.NEW, S.RETURNED, S.REOPENED, S.LINKED_TO_OUTAGE], to: S.DISPATCHED },
  MERGE: { from: [S.NEW], to: S.MERGED },
  CANCEL: { from: [S.NEW, S.DISPATCHED, S.RETURNED], to: S.CANCELLED },
  LINK_OUTAGE: { from: [S.NEW], to: S.LINKED_TO_OUTAGE },
  // docs/domain.md, Water rules: an inquiry answered on the call is closed at once as answered (no dispatch clock).
  ANSWER_AT_ONCE: { from: [S.NEW], to: S.CLOSED },
  // REOPENED → ACCEPTED: the same department takes the revisit without a new dispatch.
  ACCEPT: { from: [S.DISPATCHED, S.REOPENED], to: S.ACCEPTED },
  // Misrouting is often found only on site (e.g. pressure on the customer side), so return is allowed until resolved.
  RETURN: { from: [S.DISPATCHED, S.ACCEPTED, S.ON_SITE], to: S.RETURNED },
  ARRIVE: { from: [S.ACCEPTED], to: S.ON_SITE },
  // A reply answers the customer while the work goes on: it changes no status (the resolution answers them too).
  REPLY: { from: [S.NEW, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.WAITING_CUSTOMER, S.EXTENSION_REQUESTED, S.RETURNED, S.REOPENED], to: 'SAME' },
  WAIT_CUSTOMER: { from: [S.ACCEPTED, S.ON_SITE], to: S.WAITING_CUSTOMER },
  RESUME: { from: [S.WAITING_CUSTOMER], to: 'PREVIOUS' },
  // A visit is made by a crew that has the order in hand; a second miss while waiting moves the wait to the next visit.
  MISS_VISIT: { from: [S.ACCEPTED, S.ON_SITE, S.WAITING_CUSTOMER], to: S.WAITING_CUSTOMER },
  REQUEST_EXTENSION: { from: [S.ACCEPTED, S.ON_SITE], to: S.EXTENSION_REQUESTED },
  DECIDE_EXTENSION: { from: [S.EXTENSION_REQUESTED], to: 'PREVIOUS' },
  RESOLVE: { from: [S.ACCEPTED, S.ON_SITE], to: S.RESOLVED },
  CALLBACK: { from: [S.RESOLVED], to: 'BY_RESULT' },
  SURVEY_REPLY: { from: [S.RESOLVED], to: 'BY_RESULT' },
  // RESOLVED → CLOSED only for categories that need no callback (config); a linked report closes with the outage.
  CLOSE: { from: [S.CALLED_BACK, S.RESOLVED, S.LINKED_TO_OUTAGE], to: S.CLOSED },
  REOPEN: { from: [S.RESOLVED, S.CALLED_BACK], to: S.REOPENED },
  SET_LEVEL: { from: OPEN_WORK, to: 'SAME' },
  // Chosen on site (and changed there if the repair turns out bigger).
  SET_LEAK_TIER: { from: [S.ON_SITE], to: 'SAME' },
  // Documents come to the call center or the business office at any time before the job is under way.
  CONNECTION_DOCUMENTS: { from: [S.NEW, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.WAITING_CUSTOMER], to: 'SAME' },
  CONNECTION_STAGE: { from: [S.ACCEPTED, S.ON_SITE], to: 'SAME' },
};

export const TERMINAL_STATUSES: readonly S[] = [S.CLOSED, S.MERGED, S.CANCELLED];

/** Actions that can be taken in a status (for UIs). */
export function allowedActions(status: S): ActionType[] {
  return (Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>).filter((a) => TRANSITIONS[a].from.includes(status));
}

export interface RoleGrant {
  role: Role;
  /** The actor's department must be the order's owning department. */
  ownDepartmentOnly?: boolean;
}

export type RoleRules = Record<ActionType, RoleGrant[]>;

const agent: RoleGrant = { role: Role.AGENT };
const dept: RoleGrant = { role: Role.DEPARTMENT, ownDepartmentOnly: true };
const sup: RoleGrant = { role: Role.SUPERVISOR };

/** Who may do what. The supervisor may do everything, including deciding extensions. */
export const DEFAULT_ROLE_RULES: RoleRules = {
  CREATE: [agent, sup],
  DISPATCH: [agent, sup],
  MERGE: [agent, sup],
  CANCEL: [agent, sup],
  LINK_OUTAGE: [agent, sup],
  ANSWER_AT_ONCE: [agent, sup],
  ACCEPT: [dept, sup],
  RETURN: [dept, sup],
  ARRIVE: [dept, sup],
  REPLY: [agent, dept, sup],
  WAIT_CUSTOMER: [dept, sup],
  RESUME: [dept, sup],
  // The same people who book a visit (the call center takes the crew's call, or the owning department records it).
  MISS_VISIT: [agent, dept, sup],
  REQUEST_EXTENSION: [dept, sup],
  DECIDE_EXTENSION: [sup],
  RESOLVE: [dept, sup],
  CALLBACK: [agent, sup],
  SURVEY_REPLY: [{ role: Role.NOTICE_SYSTEM }, sup],
  CLOSE: [agent, sup],
  REOPEN: [agent, sup],
  // docs/domain.md: the level is the call center's choice.
  SET_LEVEL: [agent, sup],
  SET_LEAK_TIER: [dept, sup],
  CONNECTION_DOCUMENTS: [agent, dept, sup],
  CONNECTION_STAGE: [dept, sup],
};

export interface Actor {
  id: string;
  roles: Role[];
  department?: Department;
}

export interface LifecycleOrder {
  id: string;
  status: S;
  category: Category;
  /** Department the order is currently with. */
  department?: Department;
  /** Working status to go back to after WAITING_CUSTOMER / EXTENSION_REQUESTED. */
  returnTo?: S;
  /** Current resolve deadline; extension requests are checked against it. */
  resolveDueAt?: Date;
}

export interface LifecycleConfig {
  roleRules: RoleRules;
  /** Categories the call center may resolve at once (NEW → RESOLVED). */
  answerAtOnceCategories: Category[];
  /** Categories that may close without a callback (not after-service). */
  closeWithoutCallbackCategories: Category[];
}

export const DEFAULT_LIFECYCLE_CONFIG: LifecycleConfig = {
  roleRules: DEFAULT_ROLE_RULES,
  // docs/domain.md: inquiries and billing questions of heat and gas are answered at once when possible.
  answerAtOnceCategories: [Category.INQUIRY, Category.HEAT_INQUIRY, Category.HEAT_BILLING, Category.GAS_INQUIRY, Category.GAS_BILLING],
  closeWithoutCallbackCategories: [Category.INQUIRY, Category.HEAT_INQUIRY, Category.HEAT_BILLING, Category.GAS_INQUIRY, Category.GAS_BILLING],
};

function canPerform(actor: Actor, action: ActionType, order?: { department?: Department }, rules: RoleRules = DEFAULT_ROLE_RULES): boolean {
  return (rules[action] ?? []).some(
    (g) => actor.roles.includes(g.role) && (!g.ownDepartmentOnly || (!!actor.department && actor.department === order?.department)),
  );
}

/** Throws FORBIDDEN naming the actor, the action and (for department roles) the order's department. */
export function authorizeAction(actor: Actor, action: ActionType, order?: { department?: Department }, rules: RoleRules = DEFAULT_ROLE_RULES): void {
  if (!canPerform(actor, action, order, rules)) {
    throw new DomainError(
      'FORBIDDEN',
      `无权执行 ${action}（角色 ${actor.roles.join(',') || '无'}，部门 ${actor.department ?? '无'}，工单部门 ${order?.department ?? '无'}）/ ` +
        `actor ${actor.id} may not ${action} an order of department ${order?.department ?? 'none'}`,
      { actorId: actor.id, action, department: order?.department },
    );
  }
}

export interface HistoryEntry {
  orderId: string;
  from: S;
  to: S;
  action: ActionType;
  actorId: string;
  at: Date;
  /** The action's payload minus its type (reason, permittedBy, satisfied, …). */
  detail: Record<string, unknown>;
}

export interface TransitionResult {
  status: S;
  department?: Department;
  /** Value to store for the next RESUME / DECIDE_EXTENSION; null clears it. */
  returnTo: S | null;
  entry: HistoryEntry;
  /** Side effects the service must carry out. */
  effects: {
    extensionRequest?: { requestedAt: Date; newDueAt: Date; reason: string };
    extensionDecision?: { approved: boolean };
    /** docs/domain.md: an unsatisfied SMS answer turns into a manual (phone) callback. */
    needsPhoneCallback?: boolean;
    mergedInto?: string;
    outageId?: string;
  };
}

function conflict(order: LifecycleOrder, action: ActionType, why?: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `工单 ${order.id} 当前状态 ${order.status} 不允许 ${action}${why ? `：${why}` : ''} / order ${order.id} in status ${order.status} does not allow ${action}${why ? `: ${why}` : ''}`,
    { orderId: order.id, status: order.status, action },
  );
}

function required(value: unknown, field: string, action: ActionType): void {
  if (typeof value !== 'string' || !value.trim()) throw invalidInput(`${action}: 缺少 ${field} / ${field} is required`, { action, field });
}

/** Applies one action: authorizes it, checks the transition and its rule, returns the new status and a history entry. */
export function transition(
  order: LifecycleOrder,
  action: WorkOrderAction,
  actor: Actor,
  now: Date,
  config: LifecycleConfig = DEFAULT_LIFECYCLE_CONFIG,
): TransitionResult {
  assertValidDate(now, 'transition.now');
  const type = action.type;
  const rule = TRANSITIONS[type];
  if (!rule) throw invalidInput(`未知操作 / unknown action ${String(type)}`);
  authorizeAction(actor, type, order, config.roleRules);
  if (!rule.from.includes(order.status)) throw conflict(order, type);

  let to: S;
  let department = order.department;
  let returnTo: S | null = order.returnTo ?? null;
  const effects: TransitionResult['effects'] = {};

  switch (action.type) {
    case 'DISPATCH':
      if (!Object.values(Department).includes(action.department)) throw invalidInput(`DISPATCH: 未知部门 / unknown department ${String(action.department)}`);
      department = action.department;
      break;
    case 'MERGE':
      required(action.intoOrderId, 'intoOrderId', type);
      if (action.intoOrderId === order.id) throw invalidInput('MERGE: 不能合并到自身 / cannot merge an order into itself');
      effects.mergedInto = action.intoOrderId;
      break;
    case 'CANCEL':
    case 'REOPEN':
    case 'WAIT_CUSTOMER':
      required(action.reason, 'reason', type);
      break;
    case 'SET_LEAK_TIER':
      if (!Object.values(LeakTier).includes(action.tier)) throw invalidInput(`SET_LEAK_TIER: 未知维修等级 / unknown repair tier ${String(action.tier)}`, { argument: 'tier' });
      break;
    case 'SET_LEVEL':
      required(action.reason, 'reason', type);
      if (!Object.values(ProcessingLevel).includes(action.level)) throw invalidInput(`SET_LEVEL: 未知处理等级 / unknown processing level ${String(action.level)}`, { argument: 'level' });
      break;
    case 'LINK_OUTAGE':
      required(action.outageId, 'outageId', type);
      effects.outageId = action.outageId;
      break;
    case 'ANSWER_AT_ONCE':
      required(action.answer, 'answer', type);
      if (!config.answerAtOnceCategories.includes(order.category)) throw conflict(order, type, `类别 ${order.category} 须派单 / category ${order.category} must be dispatched`);
      break;
    case 'RETURN':
      required(action.reason, 'reason', type);
      if (!action.permittedBy || !action.permittedBy.trim()) {
        throw new DomainError('FORBIDDEN', '退单须经客服中心同意（permittedBy）/ a return needs the call center’s permission (permittedBy)', { orderId: order.id });
      }
      if (action.permittedBy === actor.id && !actor.roles.includes(Role.AGENT) && !actor.roles.includes(Role.SUPERVISOR)) {
        throw new DomainError('FORBIDDEN', '退单不能自行批准 / a department cannot permit its own return', { orderId: order.id });
      }
      break;
    case 'RESOLVE':
      required(action.result, 'result', type);
      break;
    case 'REPLY':
      required(action.reply, 'reply', type);
      break;
    case 'REQUEST_EXTENSION':
      validateExtensionRequest(order.resolveDueAt, { requestedAt: now, newDueAt: action.newDueAt, reason: action.reason });
      effects.extensionRequest = { requestedAt: now, newDueAt: action.newDueAt, reason: action.reason };
      break;
    case 'DECIDE_EXTENSION':
      effects.extensionDecision = { approved: action.approved };
      break;
    case 'CALLBACK':
    case 'SURVEY_REPLY':
      if (typeof action.satisfied !== 'boolean') throw invalidInput(`${type}: satisfied 须为布尔值 / satisfied must be a boolean`);
      if (action.type === 'SURVEY_REPLY' && !action.satisfied) effects.needsPhoneCallback = true;
      break;
    case 'CLOSE':
      if (order.status === S.RESOLVED && !config.closeWithoutCallbackCategories.includes(order.category)) {
        throw conflict(order, type, '售后工单须先回访 / after-service orders are called back first');
      }
      break;
    case 'MISS_VISIT':
      assertValidDate(action.resumeAt, 'MISS_VISIT.resumeAt');
      if (action.resumeAt.getTime() <= now.getTime()) throw invalidInput('MISS_VISIT: 新预约时间须晚于现在 / the new visit must be after now', { action: type, field: 'resumeAt' });
      required(action.noticeNumber, 'noticeNumber', type);
      break;
    case 'ACCEPT':
    case 'ARRIVE':
    case 'RESUME':
    case 'CONNECTION_DOCUMENTS':
    case 'CONNECTION_STAGE':
      break;
  }

  if (rule.to === 'SAME') {
    to = order.status;
  } else if (rule.to === 'PREVIOUS') {
    if (!order.returnTo) throw conflict(order, type, '缺少应返回的状态 returnTo / no returnTo status recorded');
    to = order.returnTo;
    returnTo = null;
  } else if (rule.to === 'BY_RESULT') {
    to = (action as { satisfied: boolean }).satisfied ? S.CALLED_BACK : S.REOPENED;
  } else {
    to = rule.to;
    // Remember the working status so RESUME / DECIDE_EXTENSION can go back to it (a wait that goes on keeps it).
    if (to === order.status) returnTo = order.returnTo ?? null;
    else returnTo = to === S.WAITING_CUSTOMER || to === S.EXTENSION_REQUESTED ? order.status : null;
  }

  const { type: _t, ...detail } = action as WorkOrderAction & Record<string, unknown>;
  return {
    status: to,
    department,
    returnTo,
    effects,
    entry: { orderId: order.id, from: order.status, to, action: type, actorId: actor.id, at: new Date(now), detail },
  };
}
