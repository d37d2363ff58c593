// What a notice calls the outage, per utility kind and per effect on the supply (docs/domain.md "One desk, several
// utilities": 停水 / 停热 (停暖) / 停气; issue 11: a pressure reduction, 降压供水, has its own wording). The default
// templates (templates.ts) are one structure filled with these phrases, so water's texts are exactly what they were.
import { invalidInput, isUtilityKind, UTILITY_KINDS, type UtilityKind } from '@mainline/common/domain';

/** Whose notice wording: a utility kind, and whether the supply stops or only runs at reduced pressure. */
export interface NoticeWording {
  utility: UtilityKind;
  pressureReduction: boolean;
}

export const WATER_WORDING: NoticeWording = { utility: 'WATER', pressureReduction: false };

/** Every wording there are templates for. */
export const WORDINGS: readonly NoticeWording[] = UTILITY_KINDS.flatMap((utility) => [false, true].map((pressureReduction) => ({ utility, pressureReduction })));

/** "WATER", "HEAT_PRESSURE_REDUCTION", …: the template key prefix and the stored row's identity. */
export function wordingCode(w: NoticeWording): string {
  return w.pressureReduction ? `${w.utility}_PRESSURE_REDUCTION` : w.utility;
}

export function parseWordingCode(code: string): NoticeWording {
  const pr = code.endsWith('_PRESSURE_REDUCTION');
  const utility = pr ? code.slice(0, -'_PRESSURE_REDUCTION'.length) : code;
  if (!isUtilityKind(utility)) throw invalidInput(`unknown notice wording "${code}"`, { field: 'wording' });
  return { utility, pressureReduction: pr };
}

/**
 * The word a heat utility's notices use for the stop. 停热 by default: it pairs with 供热, the word of the heating
 * regulations and of the authority (供热主管部门), and it is what the rest of Mainline says (common UTILITY_LABELS);
 * 停暖 / 供暖 is the everyday word some companies print instead.
 */
export type HeatStopWord = '停热' | '停暖';
export const HEAT_STOP_WORDS: readonly HeatStopWord[] = ['停热', '停暖'];

/** Phrases the Chinese templates are built from; each is a fragment or a whole sentence as noted. */
export interface ZhPhrases {
  /** 停水: headings (停水区域), titles (停水通知), 停水作业 */
  noun: string;
  /** 供水: 正常供水 */
  supply: string;
  /** 停止供水: "…将于…停止供水" */
  stopVerb: string;
  /** 恢复供水 */
  restored: string;
  /** 暂停以下区域供水: "{{utilityName}}将…，具体安排如下：" */
  suspendArea: string;
  /** Sentence: what customers should do before and during the outage. */
  outageAdvice: string;
  /** 请提前做好储水准备 (reminder, before the colon) */
  prepare: string;
  /** Sentence after a schedule change. */
  updatePrepare: string;
  /** Sentence after the restoration line. */
  restoredAdvice: string;
  /** Sentence with {{hotline}}: whom to call if something is still wrong. */
  restoredHelp: string;
  /** 停水: what the SMS says happens ("{{areas}}停水"), short because SMS are */
  smsVerb: string;
  /** 请提前储水 (SMS to residents) / 请贵单位提前储水 (SMS to important users) */
  smsPrepare: string;
  smsPrepareOrg: string;
  /** 如水浑浊请放水片刻 (restoration SMS) */
  smsRestoredAdvice: string;
  /** 提前储水: "请…并做好应急安排" (call to an important user) */
  callPrepare: string;
  /** Appended to the restoration call line ('' for none). */
  callRestoredNote: string;
  /** 计划停水 / 紧急停水 ({{outageKind}}) */
  plannedKind: string;
  emergencyKind: string;
}

export interface EnPhrases {
  /** "Water Outage": titles "… Notice", "… Reminder", "… Schedule Change", "… Cancelled" */
  title: string;
  /** "Water Supply Restored" */
  restoredTitle: string;
  /** "interrupt the water supply": "{{utilityName}} will … as follows:" */
  suspend: string;
  outageAdvice: string;
  /** Whole first reminder line, with {{leadTime}}. */
  remindLine: string;
  /** "water outage": "The … previously announced", "The … planned for" */
  outageNoun: string;
  updatePrepare: string;
  /** "water supply": "the … was restored at" */
  supplyNoun: string;
  restoredAdvice: string;
  restoredHelp: string;
  /** SMS openers and advice. */
  smsOutage: string;
  smsPrepare: string;
  smsRescheduled: string;
  smsRestored: string;
  smsRestoredAdvice: string;
  smsCancelled: string;
  /** "no water": "{{areas}} will have … on {{timeRange}}" */
  noSupply: string;
  /** "water is back" */
  back: string;
  /** Appended to the restoration call line ('' for none), with its leading space. */
  callRestoredNote: string;
  /** "store water": "please … and plan accordingly" */
  callPrepare: string;
  plannedKind: string;
  emergencyKind: string;
  /** "outage": warnings say "planned …" */
  warnNoun: string;
}

export interface Phrases {
  'zh-CN': ZhPhrases;
  en: EnPhrases;
}

const WATER: Phrases = {
  'zh-CN': {
    noun: '停水', supply: '供水', stopVerb: '停止供水', restored: '恢复供水', suspendArea: '暂停以下区域供水',
    outageAdvice: '请受影响的用户提前做好储水准备；停水期间请关闭水龙头，以免恢复供水时跑水造成损失。',
    prepare: '请提前做好储水准备',
    updatePrepare: '请受影响的用户按调整后的时间做好储水准备。',
    restoredAdvice: '恢复供水初期水质可能短时浑浊，请放水片刻至水清后再使用。',
    restoredHelp: '如仍未来水或水质异常，请拨打服务热线 {{hotline}}。感谢您的理解与支持！',
    smsVerb: '停水', smsPrepare: '请提前储水', smsPrepareOrg: '请贵单位提前储水', smsRestoredAdvice: '如水浑浊请放水片刻',
    callPrepare: '提前储水', callRestoredNote: '', plannedKind: '计划停水', emergencyKind: '紧急停水',
  },
  en: {
    title: 'Water Outage', restoredTitle: 'Water Supply Restored', suspend: 'interrupt the water supply',
    outageAdvice: 'Please store water in advance and keep taps closed during the outage to avoid flooding when the supply returns.',
    remindLine: 'The water supply in the following area will stop in {{leadTime}}. Please store water now.',
    outageNoun: 'water outage', updatePrepare: 'Please store water according to the new schedule.', supplyNoun: 'water supply',
    restoredAdvice: 'The water may be cloudy at first; please let the tap run until it is clear.',
    restoredHelp: 'If you still have no water or the water looks wrong, please call our service hotline {{hotline}}. Thank you for your patience.',
    smsOutage: 'Water outage', smsPrepare: 'Please store water.', smsRescheduled: 'Outage rescheduled', smsRestored: 'Water restored',
    smsRestoredAdvice: 'Run the tap if cloudy.', smsCancelled: 'Outage cancelled', noSupply: 'no water', back: 'water is back',
    callRestoredNote: '', callPrepare: 'store water', plannedKind: 'Planned outage', emergencyKind: 'Emergency outage', warnNoun: 'outage',
  },
};

const WATER_REDUCED: Phrases = {
  'zh-CN': {
    ...WATER['zh-CN'],
    noun: '降压供水', stopVerb: '降压供水', restored: '恢复正常供水', suspendArea: '对以下区域降压供水', smsVerb: '降压',
    outageAdvice: '降压供水期间水压偏低，高层用户可能水量不足或短时无水，请提前做好储水准备。',
    restoredHelp: '如水压仍然偏低或水质异常，请拨打服务热线 {{hotline}}。感谢您的理解与支持！',
    plannedKind: '计划降压供水', emergencyKind: '紧急降压供水',
  },
  en: {
    ...WATER.en,
    title: 'Reduced Water Pressure', restoredTitle: 'Normal Water Pressure Restored', suspend: 'reduce the water pressure',
    outageAdvice: 'Upper floors may get little or no water while the pressure is reduced; please store water in advance.',
    remindLine: 'The water pressure in the following area will be reduced in {{leadTime}}. Please store water now.',
    outageNoun: 'pressure reduction', supplyNoun: 'normal water pressure',
    restoredHelp: 'If the pressure is still low or the water looks wrong, please call our service hotline {{hotline}}. Thank you for your patience.',
    smsOutage: 'Reduced water pressure', smsRescheduled: 'Pressure reduction rescheduled', smsRestored: 'Normal pressure back',
    smsCancelled: 'Pressure reduction cancelled', noSupply: 'reduced water pressure', back: 'normal water pressure is back',
    plannedKind: 'Planned pressure reduction', emergencyKind: 'Emergency pressure reduction', warnNoun: 'pressure reduction',
  },
};

/** Heat, in the chosen word pair (停热/供热 or 停暖/供暖). */
function heat(stop: HeatStopWord): Phrases {
  const supply = stop === '停暖' ? '供暖' : '供热';
  return {
    'zh-CN': {
      noun: stop, supply, stopVerb: `停止${supply}`, restored: `恢复${supply}`, suspendArea: `暂停以下区域${supply}`,
      outageAdvice: `请受影响的用户提前做好防寒保暖准备；${stop}期间请勿自行开关供热阀门或放水，恢复${supply}时请留意暖气片和管道有无漏水。`,
      prepare: '请提前做好防寒保暖准备',
      updatePrepare: '请受影响的用户按调整后的时间做好防寒保暖准备。',
      restoredAdvice: '管网升温需要一定时间，室温将逐步回升；如发现暖气片或管道漏水，请关闭阀门并及时报修。',
      restoredHelp: '如室温长时间未回升，请拨打服务热线 {{hotline}}。感谢您的理解与支持！',
      smsVerb: stop, smsPrepare: '请做好保暖', smsPrepareOrg: '请贵单位做好保暖', smsRestoredAdvice: '室温将逐步回升',
      callPrepare: '做好防寒保暖', callRestoredNote: '', plannedKind: `计划${stop}`, emergencyKind: `紧急${stop}`,
    },
    en: {
      title: 'Heating Outage', restoredTitle: 'Heating Restored', suspend: 'interrupt the heating supply',
      outageAdvice: 'Please prepare to keep warm; do not open or close the heating valves or drain the radiators yourself, and watch for leaks when the heating returns.',
      remindLine: 'The heating in the following area will stop in {{leadTime}}. Please prepare to keep warm.',
      outageNoun: 'heating outage', updatePrepare: 'Please prepare to keep warm according to the new schedule.', supplyNoun: 'heating',
      restoredAdvice: 'The network needs some time to warm up, so rooms will warm gradually; if a radiator or pipe leaks, close its valve and report it.',
      restoredHelp: 'If your rooms stay cold, please call our service hotline {{hotline}}. Thank you for your patience.',
      smsOutage: 'Heating outage', smsPrepare: 'Please keep warm.', smsRescheduled: 'Heating outage rescheduled', smsRestored: 'Heating restored',
      smsRestoredAdvice: 'Rooms will warm gradually.', smsCancelled: 'Heating outage cancelled', noSupply: 'no heating', back: 'heating is back',
      callRestoredNote: '', callPrepare: 'keep warm', plannedKind: 'Planned heating outage', emergencyKind: 'Emergency heating outage', warnNoun: 'heating outage',
    },
  };
}

function heatReduced(stop: HeatStopWord): Phrases {
  const base = heat(stop);
  const supply = base['zh-CN'].supply;
  return {
    'zh-CN': {
      ...base['zh-CN'],
      noun: `降压${supply}`, stopVerb: `降压${supply}`, restored: `恢复正常${supply}`, suspendArea: `对以下区域降压${supply}`, smsVerb: '降压',
      outageAdvice: `降压${supply}期间室温可能有所下降，请提前做好防寒保暖准备。`,
      restoredAdvice: '室温将逐步回升。',
      plannedKind: `计划降压${supply}`, emergencyKind: `紧急降压${supply}`,
    },
    en: {
      ...base.en,
      title: 'Reduced Heating Pressure', restoredTitle: 'Normal Heating Restored', suspend: 'run the heating at reduced pressure',
      outageAdvice: 'Rooms may be cooler while the heating runs at reduced pressure; please prepare to keep warm.',
      remindLine: 'The heating in the following area will run at reduced pressure in {{leadTime}}. Please prepare to keep warm.',
      outageNoun: 'heating pressure reduction', supplyNoun: 'normal heating', restoredAdvice: 'Rooms will warm gradually.',
      smsOutage: 'Reduced heating', smsRescheduled: 'Heating reduction rescheduled', smsRestored: 'Normal heating back',
      smsCancelled: 'Heating reduction cancelled', noSupply: 'reduced heating', back: 'normal heating is back',
      plannedKind: 'Planned heating pressure reduction', emergencyKind: 'Emergency heating pressure reduction', warnNoun: 'heating pressure reduction',
    },
  };
}

// Gas: supply comes back at the main valve, but no appliance may be lit until staff have checked it household by
// household (docs/domain.md "Gas utility": supply is restored and ignition checked household by household).
const GAS: Phrases = {
  'zh-CN': {
    noun: '停气', supply: '供气', stopVerb: '停止供气', restored: '恢复供气', suspendArea: '暂停以下区域供气',
    outageAdvice: '停气前请关闭燃气灶具、热水器等用气设备及表前阀门；恢复供气后请勿自行点火，待工作人员逐户检查点火后再使用。',
    prepare: '请提前关闭燃气设备及表前阀门',
    updatePrepare: '请受影响的用户按调整后的时间做好停气准备。',
    restoredAdvice: '请勿自行开阀点火！工作人员将逐户上门检查并点火，确认安全后方可使用；工作人员上门前请保持表前阀门关闭。',
    restoredHelp: '如闻到燃气异味，请立即关闭阀门、开窗通风，切勿开关电器或使用明火，并到室外拨打服务热线 {{hotline}}。感谢您的理解与支持！',
    smsVerb: '停气', smsPrepare: '请关闭燃气阀门', smsPrepareOrg: '请贵单位关闭燃气阀门', smsRestoredAdvice: '请勿自行点火，待工作人员上门检查',
    callPrepare: '提前关闭燃气设备及阀门', callRestoredNote: '请勿自行点火，工作人员将逐户上门检查点火。',
    plannedKind: '计划停气', emergencyKind: '紧急停气',
  },
  en: {
    title: 'Gas Outage', restoredTitle: 'Gas Supply Restored', suspend: 'interrupt the gas supply',
    outageAdvice: 'Before the outage please turn off your gas appliances and the valve before the meter; when the supply returns, do not re-light appliances yourself: staff will check and light them household by household.',
    remindLine: 'The gas supply in the following area will stop in {{leadTime}}. Please turn off your gas appliances and meter valve.',
    outageNoun: 'gas outage', updatePrepare: 'Please prepare for the gas outage according to the new schedule.', supplyNoun: 'gas supply',
    restoredAdvice: 'Do not open the valve or re-light any appliance yourself! Staff will visit every household to check and light the appliances; keep the meter valve closed until they come.',
    restoredHelp: 'If you smell gas, close the valve, open the windows, do not touch electrical switches or use a flame, and call our service hotline {{hotline}} from outside. Thank you for your patience.',
    smsOutage: 'Gas outage', smsPrepare: 'Please close gas valves.', smsRescheduled: 'Gas outage rescheduled', smsRestored: 'Gas restored',
    smsRestoredAdvice: 'Do not re-light: wait for our staff.', smsCancelled: 'Gas outage cancelled', noSupply: 'no gas', back: 'gas is back',
    callRestoredNote: ' Do not re-light appliances yourselves: staff will check ignition household by household.', callPrepare: 'turn off gas appliances and valves',
    plannedKind: 'Planned gas outage', emergencyKind: 'Emergency gas outage', warnNoun: 'gas outage',
  },
};

const GAS_REDUCED: Phrases = {
  'zh-CN': {
    ...GAS['zh-CN'],
    noun: '降压供气', stopVerb: '降压供气', restored: '恢复正常供气', suspendArea: '对以下区域降压供气', smsVerb: '降压',
    outageAdvice: '降压供气期间燃气压力偏低，灶具火焰可能变小；如发现熄火，请立即关闭灶具阀门，切勿反复点火。',
    prepare: '请注意用气安全',
    updatePrepare: '请受影响的用户按调整后的时间注意用气安全。',
    restoredAdvice: '如灶具熄火或燃烧异常，请关闭阀门并拨打服务热线，切勿自行拆修。',
    smsPrepare: '请注意用气安全', smsPrepareOrg: '请注意用气安全', smsRestoredAdvice: '如燃烧异常请报修',
    callPrepare: '注意用气安全', callRestoredNote: '',
    plannedKind: '计划降压供气', emergencyKind: '紧急降压供气',
  },
  en: {
    ...GAS.en,
    title: 'Reduced Gas Pressure', restoredTitle: 'Normal Gas Pressure Restored', suspend: 'reduce the gas pressure',
    outageAdvice: 'Flames may be smaller while the pressure is reduced; if a flame goes out, close the appliance valve at once and do not try to re-light it repeatedly.',
    remindLine: 'The gas pressure in the following area will be reduced in {{leadTime}}. Please use gas with care.',
    outageNoun: 'gas pressure reduction', updatePrepare: 'Please use gas with care according to the new schedule.', supplyNoun: 'normal gas pressure',
    restoredAdvice: 'If an appliance goes out or burns abnormally, close its valve and call our hotline; do not repair it yourself.',
    smsOutage: 'Reduced gas pressure', smsPrepare: 'Please use gas with care.', smsRescheduled: 'Gas pressure reduction rescheduled',
    smsRestored: 'Normal gas pressure back', smsRestoredAdvice: 'Report abnormal flames.', smsCancelled: 'Gas pressure reduction cancelled',
    noSupply: 'reduced gas pressure', back: 'normal gas pressure is back', callRestoredNote: '', callPrepare: 'use gas with care',
    plannedKind: 'Planned gas pressure reduction', emergencyKind: 'Emergency gas pressure reduction', warnNoun: 'gas pressure reduction',
  },
};

/** The phrases of a wording; heat in the configured word (停热 unless the utility prints 停暖). */
export function phrasesFor(w: NoticeWording, heatStopWord: HeatStopWord = '停热'): Phrases {
  switch (w.utility) {
    case 'WATER':
      return w.pressureReduction ? WATER_REDUCED : WATER;
    case 'HEAT':
      return w.pressureReduction ? heatReduced(heatStopWord) : heat(heatStopWord);
    case 'GAS':
      return w.pressureReduction ? GAS_REDUCED : GAS;
  }
}
