// Carrier rules for SMS: 【signature】 first, segment limits by encoding, a short text that links the full notice.
import { invalidInput } from '@mainline/common/domain';
import type { Locale } from './notice';
import { renderText, type TemplateVars } from './templates';

export type SmsEncoding = 'GSM_7' | 'UCS_2';

// GSM 03.38 basic character set (one septet each) and its extension table (escape + char = two septets).
const GSM_BASIC = new Set(
  Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'),
);
const GSM_EXTENDED = new Set(Array.from('^{}\\[~]|€\f'));

/** Single / concatenated segment capacity (3GPP TS 23.040: the UDH takes 6 bytes of each part). */
const SMS_LIMITS: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
  GSM_7: { single: 160, multi: 153 },
  UCS_2: { single: 70, multi: 67 },
};

export interface SmsSize {
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2: what the carrier counts. */
  chars: number;
}

export function smsSegments(text: string): SmsSize {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else { gsm = false; break; }
  }
  const encoding: SmsEncoding = gsm ? 'GSM_7' : 'UCS_2';
  const chars = gsm ? septets : text.length;
  const lim = SMS_LIMITS[encoding];
  const segments = chars === 0 ? 0 : chars <= lim.single ? 1 : Math.ceil(chars / lim.multi);
  return { encoding, segments, chars };
}

/** "幸福路、和平街等5处" / "Xingfu Rd, Heping St and 3 more": the first `shown` names of the list. */
export function areaList(names: readonly string[], shown: number, locale: Locale): string {
  const k = Math.max(0, Math.min(shown, names.length));
  if (locale === 'zh-CN') return names.slice(0, k).join('、') + (k < names.length ? `等${names.length}处` : '');
  return names.slice(0, k).join(', ') + (k < names.length ? ` and ${names.length - k} more` : '');
}

export interface ComposeSmsInput {
  /** The SMS template body (must contain {{noticeUrl}}). */
  template: string;
  /** Every variable except `areas`, which composeSms fills from `areaNames`. */
  vars: Omit<TemplateVars, 'areas'> & Partial<Pick<TemplateVars, 'areas'>>;
  areaNames: readonly string[];
  /** Used when there are no area names at all. */
  emptyAreas?: string;
  locale: Locale;
  /** Bare signature, e.g. 云城水务; printed as 【云城水务】. */
  signature: string;
  preferredSegments?: number;
  maxSegments?: number;
}

export interface SmsComposition extends SmsSize {
  text: string;
  areasShown: number;
  areasTotal: number;
  /** False when even one shortened area name cannot fit in maxSegments (the template is too long). */
  fits: boolean;
}

/**
 * Fits an SMS into `preferredSegments` (default 1) when possible, else `maxSegments` (default 2),
 * by shortening the area list to "等N处"; the signature and the link are never cut.
 */
export function composeSms(input: ComposeSmsInput): SmsComposition {
  const preferred = input.preferredSegments ?? 1;
  const max = input.maxSegments ?? 2;
  if (!input.signature || /[【】]/.test(input.signature)) throw invalidInput('signature must be the bare name, without 【】', { field: 'signature' });
  if (!input.vars.noticeUrl) throw invalidInput('an SMS must link the full notice: noticeUrl is empty', { field: 'noticeUrl' });
  if (!/\{\{\s*noticeUrl\s*\}\}/.test(input.template)) throw invalidInput('SMS template must contain {{noticeUrl}}', { field: 'template', variable: 'noticeUrl' });
  const names = input.areaNames.filter((n) => n.trim() !== '');
  const n = names.length;
  const build = (areas: string, shown: number): SmsComposition => {
    const text = `【${input.signature}】` + renderText(input.template, { ...input.vars, areas } as TemplateVars, 'sms').replace(/\n/g, ' ');
    return { text, ...smsSegments(text), areasShown: shown, areasTotal: n, fits: true };
  };
  if (n === 0) {
    const c = build(input.emptyAreas ?? '', 0);
    return { ...c, fits: c.segments <= max };
  }
  for (const limit of preferred === max ? [max] : [preferred, max]) {
    for (let k = n; k >= 1; k--) {
      const c = build(areaList(names, k, input.locale), k);
      if (c.segments <= limit) return c;
    }
  }
  // Last resort: cut the first name itself, keeping the "等N处" count so readers know there is more.
  const first = Array.from(names[0]);
  for (let len = first.length - 1; len >= 1; len--) {
    const cut = [first.slice(0, len).join('') + '…', ...names.slice(1)];
    const c = build(areaList(cut, 1, input.locale), 1);
    if (c.segments <= max) return c;
  }
  return { ...build(areaList(names, 1, input.locale), 1), fits: false };
}
