// Network analysis engine figures: `npm run bench:network` (one JSON line per figure).
import { compileNetwork } from '../src/domain/analysis/compile';
import { buildSegments } from '../src/domain/analysis/segments';
import { buildSupplyTree } from '../src/domain/analysis/supply-tree';
import { NetworkAnalyzer } from '../src/domain/analysis/analyzer';
import { generateCity, seededRandom } from './synthetic';

const SIZES = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
const emit = (bench: string, pipes: number, ms: Record<string, number> | number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, pipes, ms: typeof ms === 'number' ? round(ms) : ms, rss_mb: rssMb(), ...extra }));
const round = (x: number) => Math.round(x * 1000) / 1000;

function timeIt<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}
/** Best of a few runs for one-off builds (first run pays JIT warm-up). */
function best<T>(runs: number, f: () => T): [T, number] {
  let out!: T;
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const [r, ms] = timeIt(f);
    out = r;
    min = Math.min(min, ms);
  }
  return [out, min];
}
/**
 * Reference for the checks: one full traversal of the segment graph from the sources with `shut`
 * valves closed; nodes in segments left unreached that had supply before (or lie in `isolated`).
 */
function referenceCutOffNodes(a: NetworkAnalyzer, shut: Set<number>, isolated: Set<number>): number {
  const s = a.segments;
  const seen = new Uint8Array(s.count);
  const q: number[] = [];
  for (let g = 0; g < s.count; g++) if (s.segHasSource[g]) { seen[g] = 1; q.push(g); }
  for (let h = 0; h < q.length; h++) {
    const g = q[h];
    for (let k = s.segAdjOffsets[g]; k < s.segAdjOffsets[g + 1]; k++) {
      const v = s.segAdjValve[k];
      const o = s.segAdjOther[k];
      if (seen[o] || a.net.valveNormallyClosed[v] || shut.has(v)) continue;
      seen[o] = 1;
      q.push(o);
    }
  }
  let nodes = 0;
  for (let g = 0; g < s.count; g++) {
    if (!seen[g] && (a.tree.reached[g] || isolated.has(g))) nodes += s.segNodeOffsets[g + 1] - s.segNodeOffsets[g];
  }
  return nodes;
}
function check(ok: boolean, what: string) {
  if (!ok) {
    console.error(`bench answer check failed: ${what}`);
    process.exit(1);
  }
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p99: round(at(0.99)), n: s.length };
}

for (const pipes of SIZES) {
  const [city, genMs] = timeIt(() => generateCity({ pipes, seed: 2024, valveN: 2 }));
  const m = city.model;
  emit('generate', m.links.length, genMs, { nodes: m.nodes.length, valves: m.valves.length });
  const n = m.links.length;

  const [net, compileMs] = best(3, () => compileNetwork(m, { nodePersons: city.nodePersons }));
  emit('compile', n, compileMs);
  const [segments, segMs] = best(5, () => buildSegments(net));
  emit('segments', n, segMs, { segments: segments.count });
  const [tree, treeMs] = best(5, () => buildSupplyTree(net, segments));
  emit('dominator_precompute', n, treeMs);
  const analyzer = new NetworkAnalyzer(net, { segments, tree });

  const rnd = seededRandom(99);
  const pick = () => net.linkIds.at(Math.floor(rnd() * n));
  for (let i = 0; i < 200; i++) analyzer.isolationPlan([pick()]);
  const single: number[] = [];
  let affectedMax = 0;
  for (let i = 0; i < 1000; i++) {
    const id = pick();
    const [plan, ms] = timeIt(() => analyzer.isolationPlan([id]));
    single.push(ms);
    affectedMax = Math.max(affectedMax, plan.affectedNodeIds.length);
  }
  emit('single_break_plan', n, percentiles(single), { max_affected_nodes: affectedMax });

  // Each answer is checked against a full traversal (outside the timing): a fast wrong answer fails.
  const multi: number[] = [];
  let multiCut = 0;
  for (let i = 0; i < 50; i++) {
    const ids = Array.from({ length: 5 }, pick);
    const [plan, ms] = timeIt(() => analyzer.isolationPlan(ids));
    multi.push(ms);
    const shut = new Set([...plan.valvesToClose, ...plan.alreadyClosedValves].map((v) => net.valveIds.get(v)!));
    const ref = referenceCutOffNodes(analyzer, shut, new Set(plan.segments));
    check(ref === plan.unsuppliedNodeIds.length, `5-break plan ${ids.join('+')}: ${plan.unsuppliedNodeIds.length} unsupplied nodes, full traversal ${ref}`);
    multiCut += plan.unsuppliedNodeIds.length;
  }
  emit('multi_break_plan_5_pipes', n, percentiles(multi), { checked: multi.length, unsupplied_nodes_total: multiCut });

  const closure: number[] = [];
  let closureCut = 0;
  for (let i = 0; i < 50; i++) {
    const ids = Array.from({ length: 20 }, () => net.valveIds.at(Math.floor(rnd() * net.valveCount)));
    const [impact, ms] = timeIt(() => analyzer.closureImpact(ids));
    closure.push(ms);
    const ref = referenceCutOffNodes(analyzer, new Set(ids.map((v) => net.valveIds.get(v)!)), new Set());
    check(ref === impact.unsuppliedNodeIds.length, `closure ${ids.join('+')}: ${impact.unsuppliedNodeIds.length} unsupplied nodes, full traversal ${ref}`);
    closureCut += impact.unsuppliedNodeIds.length;
  }
  emit('closure_impact_20_valves', n, percentiles(closure), { checked: closure.length, unsupplied_nodes_total: closureCut });

  const inop: number[] = [];
  for (let i = 0; i < 50; i++) {
    const id = pick();
    const l = net.linkIds.get(id)!;
    // Seize every boundary valve of the broken segment so the plan must grow.
    const g = segments.linkSeg[l];
    const seized: string[] = [];
    for (let k = segments.segAdjOffsets[g]; k < segments.segAdjOffsets[g + 1]; k++) seized.push(net.valveIds.at(segments.segAdjValve[k]));
    inop.push(timeIt(() => analyzer.isolationPlan([id], { inoperableValveIds: seized }))[1]);
  }
  emit('single_break_all_boundary_valves_seized', n, percentiles(inop));

  const [, critAllMs] = best(5, () => analyzer.criticality().reduce((a, b) => Math.max(a, b), 0));
  const [top, critTopMs] = best(5, () => analyzer.criticalSegments(20));
  emit('criticality_all_segments', n, critAllMs, { note: 'read of precomputed subtree sums' });
  emit('critical_segments_top20', n, critTopMs, { top_population: top[0]?.population });
  emit('rss', n, 0);
}
