import { Store, useStore } from './store';

export type Lang = 'zh' | 'en';
export const lang = new Store<Lang>((localStorage.getItem('mainline.lang') as Lang) === 'en' ? 'en' : 'zh');
lang.subscribe(() => {
  localStorage.setItem('mainline.lang', lang.get());
  document.documentElement.lang = lang.get() === 'zh' ? 'zh-CN' : 'en';
});

/** Chinese first: every text is written as a pair and the toggle picks one. */
export function L(zh: string, en: string): string {
  return lang.get() === 'zh' ? zh : en;
}
export function useLang(): Lang {
  return useStore(lang);
}

type Pair = [string, string];
const pick = (table: Record<string, Pair>, key: string | null | undefined): string => {
  if (!key) return '—';
  const p = table[key];
  return p ? L(p[0], p[1]) : key;
};

const OUTAGE_STATUS: Record<string, Pair> = {
  DRAFT: ['草稿', 'Draft'], SUBMITTED: ['已提交', 'Submitted'], APPROVED: ['已批准', 'Approved'], ANNOUNCED: ['已公告', 'Announced'],
  IN_PROGRESS: ['停水中', 'In progress'], RESTORED: ['已恢复', 'Restored'], CANCELLED: ['已取消', 'Cancelled'],
};
const OUTAGE_KIND: Record<string, Pair> = { PLANNED: ['计划', 'Planned'], EMERGENCY: ['紧急', 'Emergency'] };
const WO_STATUS: Record<string, Pair> = {
  NEW: ['新建', 'New'], DISPATCHED: ['已派单', 'Dispatched'], ACCEPTED: ['已接单', 'Accepted'], ON_SITE: ['已到场', 'On site'],
  RESOLVED: ['已处理', 'Resolved'], CALLED_BACK: ['已回访', 'Called back'], CLOSED: ['已关闭', 'Closed'], RETURNED: ['已退回', 'Returned'],
  EXTENSION_REQUESTED: ['申请延期', 'Extension requested'], REOPENED: ['重新处理', 'Reopened'], MERGED: ['已合并', 'Merged'],
  CANCELLED: ['已取消', 'Cancelled'], WAITING_CUSTOMER: ['等待用户', 'Waiting for customer'], LINKED_TO_OUTAGE: ['已关联停水', 'Linked to outage'],
};
const CATEGORY: Record<string, Pair> = {
  BURST: ['爆管', 'Burst'], LEAK: ['漏水', 'Leak'], MAINS_PRESSURE: ['管网水压低', 'Mains pressure'], CUSTOMER_PRESSURE: ['用户水压低', 'Customer pressure'],
  WATER_QUALITY: ['水质', 'Water quality'], METER_FAULT: ['水表故障', 'Meter fault'], METER_BOX: ['表箱', 'Meter box'], BILLING: ['收费', 'Billing'],
  RECONNECTION: ['复装', 'Reconnection'], THEFT: ['偷水', 'Theft'], COVER: ['井盖', 'Cover'], SUPPLY_DIFFICULTY: ['供水困难', 'Supply difficulty'],
  WORKS_QUALITY: ['施工质量', 'Works quality'], COMPLAINT: ['投诉', 'Complaint'], INQUIRY: ['咨询', 'Inquiry'], URGENT: ['紧急', 'Urgent'], NO_WATER: ['停水', 'No water'],
  NEW_CONNECTION: ['接水报装', 'New connection'],
};
const HEAT_CATEGORY: Record<string, Pair> = {
  HEAT_LOSS: ['失热降温', 'Loss of heat'], HEAT_MAIN_ACCIDENT: ['热网事故', 'Heat main accident'], HEAT_LEAK: ['供热漏水', 'Heating leak'],
  HEAT_TEMPERATURE: ['室温不达标', 'Room temperature'], HEAT_REPAIR: ['供热报修', 'Heating repair'], HEAT_CUSTOMER_EQUIPMENT: ['用户采暖设施', 'Customer heating equipment'],
  HEAT_COMPLAINT: ['供热投诉', 'Heating complaint'], HEAT_INQUIRY: ['供热咨询', 'Heating inquiry'], HEAT_BILLING: ['热费', 'Heating billing'],
};
const GAS_CATEGORY: Record<string, Pair> = {
  GAS_ALARM: ['燃气报警', 'Gas alarm'], GAS_NETWORK_FAULT: ['燃气管网故障', 'Gas network fault'], GAS_APPLIANCE: ['燃气设施故障', 'Gas appliance'],
  GAS_INSTALL: ['燃气新装改装', 'Gas installation'], GAS_SERVICE: ['点火启封', 'Gas service'], GAS_INSPECTION: ['预约安检', 'Safety inspection'],
  GAS_COMPLAINT: ['燃气投诉', 'Gas complaint'], GAS_INQUIRY: ['燃气咨询', 'Gas inquiry'], GAS_BILLING: ['燃气缴费', 'Gas billing'],
};
const UTILITY: Record<string, Pair> = { WATER: ['供水', 'Water'], HEAT: ['供热', 'Heating'], GAS: ['燃气', 'Gas'] };
/** What an outage of each kind stops (停水 / 停热 / 停气), and the authority a large one goes to (notify's defaults). */
const UTILITY_STOP: Record<string, Pair> = { WATER: ['停水', 'outage'], HEAT: ['停热', 'heat outage'], GAS: ['停气', 'gas outage'] };
const UTILITY_AUTHORITY: Record<string, Pair> = { WATER: ['城市管理局', 'the regulator'], HEAT: ['供热主管部门', 'the heating authority'], GAS: ['燃气主管部门', 'the gas authority'] };
const DEPARTMENT: Record<string, Pair> = {
  CALL_CENTER: ['客服中心', 'Call center'], BUSINESS: ['营业部', 'Business'], NETWORK: ['管网部', 'Network'], WORKS: ['工程部', 'Works'],
  PRODUCTION: ['生产部', 'Production'], QUALITY: ['水质部', 'Quality'], METER: ['水表部', 'Meter'], METROLOGY: ['计量所', 'Metrology'],
  INSPECTION: ['稽查部', 'Inspection'], DISCIPLINE: ['纪检', 'Discipline'], DUTY: ['值班室', 'Duty'], SUPERVISION: ['督办', 'Supervision'],
  HEAT_DISPATCH: ['供热调度', 'Heat dispatch'], HEAT_REPAIR_CREW: ['供热抢修', 'Heat repair'], HEAT_SUBSTATION: ['换热站', 'Substations'], HEAT_SERVICE: ['供热客服', 'Heat service'],
  GAS_BUSINESS_HALL: ['燃气营业厅', 'Gas hall'], GAS_EMERGENCY: ['燃气抢险', 'Gas emergency'], GAS_SAFETY: ['燃气安检', 'Gas safety'], GAS_INSTALLATION: ['燃气安装', 'Gas install'], GAS_DISPATCH: ['燃气调度', 'Gas dispatch'],
};
const CHANNEL: Record<string, Pair> = {
  PHONE: ['电话', 'Phone'], VISIT: ['来访', 'Visit'], LETTER: ['信件', 'Letter'], WEB: ['网站', 'Web'], WECHAT: ['微信', 'WeChat'],
  GOVERNMENT: ['政府转办', 'Government'], MEDIA: ['媒体', 'Media'], OPEN311: ['Open311', 'Open311'], SYSTEM: ['系统生成', 'System'],
  WEBSITE: ['官网', 'Website'], NEWS_SITE: ['新闻网站', 'News site'], SMS: ['短信', 'SMS'], PHONE_LIST: ['电话通知', 'Phone list'], PRINT: ['张贴', 'Print'],
};
const AUDIENCE: Record<string, Pair> = {
  PUBLIC: ['公众', 'Public'], IMPORTANT_USER: ['重要用户', 'Important users'], RESIDENT: ['居民', 'Residents'],
  REGULATOR: ['城市管理局', 'Regulator'], INTERNAL: ['内部', 'Internal'], SITE_POSTER: ['现场张贴', 'Site poster'],
};
const NOTICE_STATUS: Record<string, Pair> = {
  PENDING: ['待发送', 'Pending'], QUEUED: ['已排队', 'Queued'], PUBLISHED: ['已发布', 'Published'], PARTIALLY_DELIVERED: ['部分送达', 'Partly delivered'],
  DELIVERED: ['已送达', 'Delivered'], FAILED: ['失败', 'Failed'], CANCELLED: ['已取消', 'Cancelled'],
};
const NOTICE_KIND: Record<string, Pair> = {
  OUTAGE: ['停水通知', 'Outage'], REMINDER: ['提醒', 'Reminder'], UPDATE: ['变更', 'Update'], RESTORATION: ['恢复供水', 'Restoration'], CANCELLATION: ['取消', 'Cancellation'],
};
const SLA_STAGE: Record<string, Pair> = {
  dispatch: ['派单', 'Dispatch'], accept: ['接单', 'Accept'], reply: ['答复', 'Reply'], onSite: ['到场', 'On site'], resolve: ['处理', 'Resolve'], callback: ['回访', 'Callback'],
  revisit: ['再处理', 'Revisit'],
};
const ACTION: Record<string, Pair> = {
  CREATE: ['受理', 'Created'], DISPATCH: ['派单', 'Dispatched'], ACCEPT: ['接单', 'Accepted'], ARRIVE: ['到场', 'Arrived'], REPLY: ['答复', 'Replied'],
  WAIT_CUSTOMER: ['等待用户', 'Waiting for customer'], RESUME: ['恢复计时', 'Resumed'], RESOLVE: ['处理完成', 'Resolved'], REQUEST_EXTENSION: ['申请延期', 'Extension asked'],
  DECIDE_EXTENSION: ['审批延期', 'Extension decided'], CALLBACK: ['回访', 'Called back'], SURVEY_REPLY: ['短信回访', 'Survey reply'], REOPEN: ['重新处理', 'Reopened'],
  CLOSE: ['关闭', 'Closed'], CANCEL: ['撤销', 'Cancelled'], MERGE: ['合并', 'Merged'], LINK_CALLER: ['并入来电', 'Caller merged in'], LINK_OUTAGE: ['关联停水', 'Linked to outage'],
  GRANT_RETURN: ['准予退回', 'Return allowed'], RETURN: ['退回', 'Returned'], ANSWER_AT_ONCE: ['当场答复', 'Answered on the call'], BOOK_VISIT: ['预约上门', 'Visit booked'],
  MISS_VISIT: ['上门未遇', 'Visit missed'], SET_LEAK_TIER: ['定漏损等级', 'Leak tier set'], SET_LEVEL: ['定处理级别', 'Level set'],
  CONNECTION_DOCUMENTS: ['资料齐全', 'Documents complete'], CONNECTION_STAGE: ['报装环节完成', 'Stage done'],
};
const ROLE: Record<string, Pair> = {
  dispatcher: ['调度员', 'Dispatcher'], agent: ['客服坐席', 'Agent'], department: ['部门', 'Department'], supervisor: ['督办主管', 'Supervisor'], admin: ['管理员', 'Admin'],
};
const IMPORTANT: Record<string, Pair> = {
  HOSPITAL: ['医院', 'Hospital'], SCHOOL: ['学校', 'School'], FACTORY: ['工厂', 'Factory'], LARGE_CONSUMER: ['用水大户', 'Large consumer'], OTHER: ['其他重要用户', 'Other'],
};

export const label = {
  /** IN_PROGRESS is 停水中 / 停热中 / 停气中 by the outage's utility. */
  outageStatus: (k?: string | null, utility?: string | null) => (k === 'IN_PROGRESS' && lang.get() === 'zh' ? `${pick(UTILITY_STOP, utility ?? 'WATER')}中` : pick(OUTAGE_STATUS, k)),
  /** 计划停水 / 紧急停热 …: the kind of outage in the words of its utility. */
  outageKind: (k?: string | null, utility?: string | null) => (lang.get() === 'zh' ? `${pick(OUTAGE_KIND, k)}${pick(UTILITY_STOP, utility ?? 'WATER')}` : pick(OUTAGE_KIND, k)),
  woStatus: (k?: string | null) => pick(WO_STATUS, k),
  category: (k?: string | null) => pick({ ...CATEGORY, ...HEAT_CATEGORY, ...GAS_CATEGORY }, k),
  utility: (k?: string | null) => pick(UTILITY, k),
  /** 停水 / 停热 / 停气 (water when the kind is not known). */
  stop: (k?: string | null) => pick(UTILITY_STOP, k ?? 'WATER'),
  authority: (k?: string | null) => pick(UTILITY_AUTHORITY, k ?? 'WATER'),
  department: (k?: string | null) => pick(DEPARTMENT, k),
  channel: (k?: string | null) => pick(CHANNEL, k),
  /** REGULATOR is the kind's own authority (城市管理局 / 供热主管部门 / 燃气主管部门). */
  audience: (k?: string | null, utility?: string | null) => (k === 'REGULATOR' ? pick(UTILITY_AUTHORITY, utility ?? 'WATER') : pick(AUDIENCE, k)),
  noticeStatus: (k?: string | null) => pick(NOTICE_STATUS, k),
  /** 停水通知 / 停热通知 / 停气通知, 恢复供水 / 恢复供热 / 恢复供气 by the outage's utility. */
  noticeKind: (k?: string | null, utility?: string | null) => {
    if (lang.get() === 'zh' && k === 'OUTAGE') return `${pick(UTILITY_STOP, utility ?? 'WATER')}通知`;
    if (lang.get() === 'zh' && k === 'RESTORATION') return `恢复${({ WATER: '供水', HEAT: '供热', GAS: '供气' } as Record<string, string>)[utility ?? 'WATER'] ?? '供水'}`;
    return pick(NOTICE_KIND, k);
  },
  slaStage: (k?: string | null) => pick(SLA_STAGE, k),
  role: (k?: string | null) => pick(ROLE, k),
  action: (k?: string | null) => pick(ACTION, k),
  important: (k?: string | null) => pick(IMPORTANT, k),
};
/** "需报城市管理局审批" in every language (the words the bureau's rule is known by), with the kind's own authority. */
export const approvalNeeded = (utility?: string | null): string => `需报${UTILITY_AUTHORITY[utility ?? 'WATER']?.[0] ?? UTILITY_AUTHORITY.WATER[0]}审批`;
export const CATEGORIES = Object.keys(CATEGORY);
/** The categories the intake offers for each utility kind (the server refuses a category of another kind). */
export const CATEGORIES_BY_UTILITY: Record<string, string[]> = { WATER: CATEGORIES, HEAT: Object.keys(HEAT_CATEGORY), GAS: Object.keys(GAS_CATEGORY) };
export const UTILITIES = Object.keys(UTILITY);
export const CHANNELS = ['PHONE', 'VISIT', 'LETTER', 'WEB', 'WECHAT', 'GOVERNMENT', 'MEDIA', 'OPEN311'];
export const DEPARTMENTS = Object.keys(DEPARTMENT);
