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
};

export const COMPLAINT_TARGET_LABELS: Record<ComplaintTarget, Label> = {
  COMPANY: { zh: '针对公司', en: 'Against the company' },
  DEPARTMENT: { zh: '针对部门', en: 'Against a department' },
  STAFF: { zh: '针对员工', en: 'Against a staff member' },
};
