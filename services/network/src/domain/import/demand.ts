import type { NetworkModel } from '../model';

const DAY_S = 86400;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b;

export interface AverageDemandOptions {
  /**
   * 'WNTR' (default): the window WNTR 1.5.0 really averages over — 24 h from the pattern start,
   * stepped by the pattern step. Its `_lcm` helper returns its first argument (a `return` inside
   * the loop of `_gcd`), so the LCM it intends collapses to 24 h; the golden files follow that.
   * 'LCM': the intended full cycle, LCM of 24 h and every used pattern's period (length × step).
   * Both agree whenever every used pattern's period divides 24 h.
   */
  cycle?: 'WNTR' | 'LCM';
}

/**
 * Average expected demand per node in m³/s: the mean over the averaging window (see `cycle`),
 * stepped by the pattern step, of Σ base × pattern multiplier(t) × demand multiplier.
 * Entries without a pattern use the model's default pattern, or multiplier 1 when there is none;
 * a pattern of length L repeats with period L × step. Every junction is in the map (0 without
 * demands), and so is any other node that has demands.
 */
export function nodeAverageDemandM3s(model: NetworkModel, opts: AverageDemandOptions = {}): Map<string, number> {
  const { patternStepS, demandMultiplier, defaultPatternId } = model.options;
  const step = Math.max(1, Math.round(patternStepS));
  const patterns = new Map(model.patterns.map((p) => [p.id, p.multipliers.length ? p.multipliers : [1]]));
  const effective = (id: string | null) => {
    const pid = id ?? defaultPatternId;
    return pid !== null && patterns.has(pid) ? pid : null;
  };

  const used = new Set<string>();
  for (const n of model.nodes) for (const d of n.demands) { const p = effective(d.patternId); if (p !== null) used.add(p); }
  let windowS = DAY_S;
  if (opts.cycle === 'LCM') for (const id of used) windowS = lcm(windowS, patterns.get(id)!.length * step);
  const samples = Math.ceil(windowS / step);

  const meanOver = new Map<string, number>();
  for (const id of used) {
    const m = patterns.get(id)!;
    let s = 0;
    if (samples % m.length === 0) {
      // Whole periods: one period's sum, scaled, instead of walking a possibly huge window.
      for (const v of m) s += v;
      s *= samples / m.length;
    } else {
      for (let k = 0; k < samples; k++) s += m[k % m.length];
    }
    meanOver.set(id, s / samples);
  }

  const out = new Map<string, number>();
  for (const n of model.nodes) {
    if (n.kind !== 'JUNCTION' && n.demands.length === 0) continue;
    let avg = 0;
    for (const d of n.demands) {
      const p = effective(d.patternId);
      avg += d.baseM3s * (p === null ? 1 : meanOver.get(p)!);
    }
    out.set(n.id, avg * demandMultiplier);
  }
  return out;
}

/** Round half to even (banker's rounding), as numpy/WNTR do. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Persons at a node = round-half-to-even(average demand ÷ per-person use). Like WNTR, a negative
 * demand (net inflow) gives a negative count; callers that sum people affected decide how to treat it.
 */
export function populationFromDemand(avgM3s: number, perPersonM3s: number): number {
  if (!(perPersonM3s > 0)) throw new RangeError(`perPersonM3s must be positive, got ${perPersonM3s}`);
  return roundHalfEven(avgM3s / perPersonM3s);
}
