// docs/domain.md "One desk, several utilities": every work order, network, outage and notice belongs to one
// utility kind. The list is defined once here; a deployment names the kinds it runs (UTILITY_KINDS).
import { invalidInput } from './errors';

export const UTILITY_KINDS = ['WATER', 'HEAT', 'GAS'] as const;
export type UtilityKind = (typeof UTILITY_KINDS)[number];

/** Old rows and events written before utility kinds existed are water's. */
export const DEFAULT_UTILITY: UtilityKind = 'WATER';

export const UTILITY_LABELS: Record<UtilityKind, { zh: string; en: string; stop: string; stopEn: string }> = {
  WATER: { zh: '供水', en: 'Water', stop: '停水', stopEn: 'water outage' },
  HEAT: { zh: '供热', en: 'District heating', stop: '停热', stopEn: 'heating outage' },
  GAS: { zh: '燃气', en: 'Piped gas', stop: '停气', stopEn: 'gas outage' },
};

export function isUtilityKind(v: unknown): v is UtilityKind {
  return typeof v === 'string' && (UTILITY_KINDS as readonly string[]).includes(v);
}

/**
 * Refuses a kind this deployment does not run, naming the argument and the kinds it does run
 * (a heat-only company must not collect water orders nobody will work).
 */
export function assertUtilityRun(run: readonly UtilityKind[], kind: UtilityKind, argument = 'utility'): void {
  if (!run.includes(kind)) {
    throw invalidInput(
      `本系统未开通${UTILITY_LABELS[kind].zh}业务（已开通：${run.map((k) => UTILITY_LABELS[k].zh).join('、')}） / ` +
        `${argument}: utility kind ${kind} is not run by this deployment (runs ${run.join(', ')})`,
      { field: argument, utility: kind },
    );
  }
}
