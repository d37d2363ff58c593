// Codes fixed by docs/domain.md, "Codes to use in the API": every service and client speaks these.
import { DEPARTMENTS, DepartmentCode } from '@mainline/common/domain';

/** The departments: common's one list (tokens carry these codes), as an enum-like object for code and GraphQL. */
export const Department = Object.freeze(Object.fromEntries(DEPARTMENTS.map((d) => [d, d]))) as { readonly [K in DepartmentCode]: K };
export type Department = DepartmentCode;

export enum Category {
  BURST = 'BURST',
  LEAK = 'LEAK',
  MAINS_PRESSURE = 'MAINS_PRESSURE',
  CUSTOMER_PRESSURE = 'CUSTOMER_PRESSURE',
  WATER_QUALITY = 'WATER_QUALITY',
  METER_FAULT = 'METER_FAULT',
  METER_BOX = 'METER_BOX',
  BILLING = 'BILLING',
  RECONNECTION = 'RECONNECTION',
  THEFT = 'THEFT',
  COVER = 'COVER',
  SUPPLY_DIFFICULTY = 'SUPPLY_DIFFICULTY',
  WORKS_QUALITY = 'WORKS_QUALITY',
  COMPLAINT = 'COMPLAINT',
  INQUIRY = 'INQUIRY',
  URGENT = 'URGENT',
  NO_WATER = 'NO_WATER',
  /** New-connection application (接水/报装): a job of stages, each with its own clock (docs/domain.md, Processes beyond repairs). */
  NEW_CONNECTION = 'NEW_CONNECTION',
  // District heat (docs/domain.md "Heating utility")
  HEAT_LOSS = 'HEAT_LOSS',
  HEAT_MAIN_ACCIDENT = 'HEAT_MAIN_ACCIDENT',
  HEAT_LEAK = 'HEAT_LEAK',
  HEAT_TEMPERATURE = 'HEAT_TEMPERATURE',
  HEAT_REPAIR = 'HEAT_REPAIR',
  HEAT_CUSTOMER_EQUIPMENT = 'HEAT_CUSTOMER_EQUIPMENT',
  HEAT_COMPLAINT = 'HEAT_COMPLAINT',
  HEAT_INQUIRY = 'HEAT_INQUIRY',
  HEAT_BILLING = 'HEAT_BILLING',
  // Piped gas (docs/domain.md "Gas utility")
  GAS_ALARM = 'GAS_ALARM',
  GAS_NETWORK_FAULT = 'GAS_NETWORK_FAULT',
  GAS_APPLIANCE = 'GAS_APPLIANCE',
  GAS_INSTALL = 'GAS_INSTALL',
  GAS_SERVICE = 'GAS_SERVICE',
  GAS_INSPECTION = 'GAS_INSPECTION',
  GAS_COMPLAINT = 'GAS_COMPLAINT',
  GAS_INQUIRY = 'GAS_INQUIRY',
  GAS_BILLING = 'GAS_BILLING',
}

/** How serious a report is; the SLA table may hold a target per severity (docs/domain.md: GAS_NETWORK_FAULT 4 h, major 24 h). */
export enum Severity {
  ORDINARY = 'ORDINARY',
  MAJOR = 'MAJOR',
}

export enum Channel {
  PHONE = 'PHONE',
  VISIT = 'VISIT',
  LETTER = 'LETTER',
  WEB = 'WEB',
  WECHAT = 'WECHAT',
  GOVERNMENT = 'GOVERNMENT',
  MEDIA = 'MEDIA',
  OPEN311 = 'OPEN311',
  /** Opened by Mainline itself, not reported by anyone (the ignition checks after a gas outage); never a caller's channel. */
  SYSTEM = 'SYSTEM',
}

export enum WorkOrderStatus {
  NEW = 'NEW',
  DISPATCHED = 'DISPATCHED',
  ACCEPTED = 'ACCEPTED',
  ON_SITE = 'ON_SITE',
  RESOLVED = 'RESOLVED',
  CALLED_BACK = 'CALLED_BACK',
  CLOSED = 'CLOSED',
  RETURNED = 'RETURNED',
  EXTENSION_REQUESTED = 'EXTENSION_REQUESTED',
  REOPENED = 'REOPENED',
  MERGED = 'MERGED',
  CANCELLED = 'CANCELLED',
  /** Clock paused while the customer is unavailable (no access, no answer). */
  WAITING_CUSTOMER = 'WAITING_CUSTOMER',
  /** Answered at once as a known outage and linked to it, not dispatched. */
  LINKED_TO_OUTAGE = 'LINKED_TO_OUTAGE',
}

/** Whom a complaint is about (monthly report splits complaints this way). */
export enum ComplaintTarget {
  COMPANY = 'COMPANY',
  DEPARTMENT = 'DEPARTMENT',
  STAFF = 'STAFF',
}

/**
 * What a complaint is about: decides the department it goes to (docs/domain.md, Water rules: works
 * quality and timeliness to the works company, staff conduct to the discipline office).
 */
export enum ComplaintConcern {
  WORKS_QUALITY = 'WORKS_QUALITY',
  TIMELINESS = 'TIMELINESS',
  STAFF_CONDUCT = 'STAFF_CONDUCT',
}

/**
 * Processing level (处理时限等级): NORMAL = the category's own resolve target; any other level sets the
 * resolve deadline, counted from the report (docs/domain.md, Water rules: 12 h / 24 h / 36 h / 48 h / 3 days / 5 days).
 */
export enum ProcessingLevel {
  NORMAL = 'NORMAL',
  HOURS_12 = 'HOURS_12',
  HOURS_24 = 'HOURS_24',
  HOURS_36 = 'HOURS_36',
  HOURS_48 = 'HOURS_48',
  DAYS_3 = 'DAYS_3',
  DAYS_5 = 'DAYS_5',
}

/** Where a leak is (docs/domain.md, Water rules: on site within 1 h; 40 min for public mains, hydrants and valves). */
export enum LeakSite {
  PUBLIC_MAIN = 'PUBLIC_MAIN',
  HYDRANT = 'HYDRANT',
  VALVE = 'VALVE',
  /** Service pipe, meter or anything that is not a public main, hydrant or valve. */
  OTHER = 'OTHER',
}

/**
 * The repair tier the crew chooses on site; it sets the resolve deadline (from the report): small ≤ 5 h,
 * medium ≤ 10 h, large ≤ 24 h; a meter-box leak where another unit must shut the water: 48 h.
 */
export enum LeakTier {
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
  OTHER_UNIT_SHUTOFF = 'OTHER_UNIT_SHUTOFF',
}

/** A registered praise, criticism or media exposure (docs/domain.md, Water rules: registered like complaints). */
export enum FeedbackKind {
  PRAISE = 'PRAISE',
  CRITICISM = 'CRITICISM',
  MEDIA_EXPOSURE = 'MEDIA_EXPOSURE',
}

/** Where it came from: customers, the mayor's hotline, regulators, the media. */
export enum FeedbackSource {
  CUSTOMER = 'CUSTOMER',
  MAYOR_HOTLINE = 'MAYOR_HOTLINE',
  REGULATOR = 'REGULATOR',
  MEDIA = 'MEDIA',
}

export enum Role {
  AGENT = 'AGENT',
  DEPARTMENT = 'DEPARTMENT',
  SUPERVISOR = 'SUPERVISOR',
  NOTICE_SYSTEM = 'NOTICE_SYSTEM',
}

export interface Label {
  zh: string;
  en: string;
}

export const DEPARTMENT_LABELS: Record<Department, Label> = {
  CALL_CENTER: { zh: '客服中心', en: 'Call center' },
  BUSINESS: { zh: '营业所', en: 'Business office' },
  NETWORK: { zh: '管网维修', en: 'Network maintenance' },
  WORKS: { zh: '工程公司', en: 'Works company' },
  PRODUCTION: { zh: '生产调度', en: 'Production & pressure dispatch' },
  QUALITY: { zh: '水质监测', en: 'Water-quality lab' },
  METER: { zh: '水表服务', en: 'Meter service' },
  METROLOGY: { zh: '计量检定', en: 'Metering lab' },
  INSPECTION: { zh: '稽查', en: 'Inspection' },
  DISCIPLINE: { zh: '纪检', en: 'Discipline office' },
  DUTY: { zh: '值班经理', en: 'Duty manager' },
  SUPERVISION: { zh: '服务质量监督', en: 'Service-quality office' },
  HEAT_DISPATCH: { zh: '供热调度中心', en: 'Heat dispatch centre' },
  HEAT_REPAIR_CREW: { zh: '供热抢修队', en: 'Heat repair crew' },
  HEAT_SUBSTATION: { zh: '换热站', en: 'Substations' },
  HEAT_SERVICE: { zh: '供热客户服务部', en: 'Heat customer service' },
  GAS_BUSINESS_HALL: { zh: '燃气营业厅', en: 'Gas business hall' },
  GAS_EMERGENCY: { zh: '燃气抢险中心', en: 'Gas emergency repair' },
  GAS_SAFETY: { zh: '燃气安全检查', en: 'Gas safety inspection' },
  GAS_INSTALLATION: { zh: '燃气安装', en: 'Gas installation' },
  GAS_DISPATCH: { zh: '燃气调度中心', en: 'Gas dispatch centre' },
};

export const CATEGORY_LABELS: Record<Category, Label> = {
  BURST: { zh: '爆管', en: 'Burst on mains' },
  LEAK: { zh: '漏水', en: 'Leak on mains, hydrant or valve' },
  MAINS_PRESSURE: { zh: '管网水压', en: 'Mains pressure / flow' },
  CUSTOMER_PRESSURE: { zh: '户内水压', en: 'Customer-side pressure / flow' },
  WATER_QUALITY: { zh: '水质', en: 'Water quality' },
  METER_FAULT: { zh: '水表故障', en: 'Meter fault' },
  METER_BOX: { zh: '表箱冻裂漏水', en: 'Frozen meter / meter-box leak' },
  BILLING: { zh: '水费抄表', en: 'Billing / meter reading' },
  RECONNECTION: { zh: '复装供水', en: 'Reconnection' },
  THEFT: { zh: '偷水破坏', en: 'Theft / illegal connection / damage' },
  COVER: { zh: '井盖表盖', en: 'Missing or broken cover' },
  SUPPLY_DIFFICULTY: { zh: '供水困难', en: 'Supply difficulty' },
  WORKS_QUALITY: { zh: '工程质量', en: 'Works quality' },
  COMPLAINT: { zh: '投诉', en: 'Complaint about staff' },
  INQUIRY: { zh: '咨询', en: 'Inquiry' },
  URGENT: { zh: '紧急事件', en: 'Urgent / major event' },
  NO_WATER: { zh: '停水', en: 'No water' },
  NEW_CONNECTION: { zh: '接水报装', en: 'New connection' },
  HEAT_LOSS: { zh: '不明原因失热降温', en: 'Unexplained loss of heat' },
  HEAT_MAIN_ACCIDENT: { zh: '热网管线事故', en: 'Accident on a heat main' },
  HEAT_LEAK: { zh: '供热设施漏水', en: 'Leak of heating facilities' },
  HEAT_TEMPERATURE: { zh: '室温不达标', en: 'Room temperature complaint' },
  HEAT_REPAIR: { zh: '供热报修', en: 'Heating repair request' },
  HEAT_CUSTOMER_EQUIPMENT: { zh: '用户自有采暖设施故障', en: 'Fault of customer heating equipment' },
  HEAT_COMPLAINT: { zh: '供热投诉', en: 'Heating complaint' },
  HEAT_INQUIRY: { zh: '供热咨询', en: 'Heating inquiry' },
  HEAT_BILLING: { zh: '热费', en: 'Heating billing' },
  GAS_ALARM: { zh: '燃气报警/疑似泄漏', en: 'Gas alarm / suspected leak' },
  GAS_NETWORK_FAULT: { zh: '燃气管网故障', en: 'Gas network fault' },
  GAS_APPLIANCE: { zh: '用户燃气设施故障', en: 'Fault of customer gas equipment' },
  GAS_INSTALL: { zh: '燃气新装/改装', en: 'New or altered gas installation' },
  GAS_SERVICE: { zh: '点火/启封/停气/换管', en: 'Ignition, unsealing, stop, hose change' },
  GAS_INSPECTION: { zh: '预约安检', en: 'Safety inspection on request' },
  GAS_COMPLAINT: { zh: '燃气投诉', en: 'Gas complaint' },
  GAS_INQUIRY: { zh: '燃气咨询', en: 'Gas inquiry' },
  GAS_BILLING: { zh: '燃气缴费', en: 'Gas billing' },
};

export const SEVERITY_LABELS: Record<Severity, Label> = {
  ORDINARY: { zh: '一般', en: 'Ordinary' },
  MAJOR: { zh: '重大', en: 'Major' },
};

export const CHANNEL_LABELS: Record<Channel, Label> = {
  PHONE: { zh: '电话', en: 'Phone' },
  VISIT: { zh: '来访', en: 'Visit' },
  LETTER: { zh: '来信', en: 'Letter' },
  WEB: { zh: '网站', en: 'Web' },
  WECHAT: { zh: '微信', en: 'WeChat' },
  GOVERNMENT: { zh: '政府转办', en: 'Government referral' },
  MEDIA: { zh: '媒体转办', en: 'Media referral' },
  OPEN311: { zh: 'Open311', en: 'Open311' },
  SYSTEM: { zh: '系统生成', en: 'System' },
};

export const COMPLAINT_TARGET_LABELS: Record<ComplaintTarget, Label> = {
  COMPANY: { zh: '针对公司', en: 'Against the company' },
  DEPARTMENT: { zh: '针对部门', en: 'Against a department' },
  STAFF: { zh: '针对员工', en: 'Against a staff member' },
};

export const COMPLAINT_CONCERN_LABELS: Record<ComplaintConcern, Label> = {
  WORKS_QUALITY: { zh: '工程质量', en: 'Works quality' },
  TIMELINESS: { zh: '办理时效', en: 'Timeliness' },
  STAFF_CONDUCT: { zh: '员工作风', en: 'Staff conduct' },
};

export const PROCESSING_LEVEL_LABELS: Record<ProcessingLevel, Label> = {
  NORMAL: { zh: '按类别时限', en: 'Category deadline' },
  HOURS_12: { zh: '12小时', en: '12 hours' },
  HOURS_24: { zh: '24小时', en: '24 hours' },
  HOURS_36: { zh: '36小时', en: '36 hours' },
  HOURS_48: { zh: '48小时', en: '48 hours' },
  DAYS_3: { zh: '3天', en: '3 days' },
  DAYS_5: { zh: '5天', en: '5 days' },
};

export const LEAK_TIER_LABELS: Record<LeakTier, Label> = {
  SMALL: { zh: '小修', en: 'Small repair' },
  MEDIUM: { zh: '中修', en: 'Medium repair' },
  LARGE: { zh: '大修', en: 'Large repair' },
  OTHER_UNIT_SHUTOFF: { zh: '需他单位关水', en: 'Another unit must shut the water' },
};

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, Label> = {
  PRAISE: { zh: '表扬', en: 'Praise' },
  CRITICISM: { zh: '批评', en: 'Criticism' },
  MEDIA_EXPOSURE: { zh: '媒体曝光', en: 'Media exposure' },
};

export const FEEDBACK_SOURCE_LABELS: Record<FeedbackSource, Label> = {
  CUSTOMER: { zh: '用户', en: 'Customer' },
  MAYOR_HOTLINE: { zh: '市长热线', en: "Mayor's hotline" },
  REGULATOR: { zh: '主管部门', en: 'Regulator' },
  MEDIA: { zh: '媒体', en: 'Media' },
};
