import type { IsolationValve, NetworkModel } from '../model';
import { ImportError } from './errors';
import { mulberry32 } from '@mainline/common/domain';

export interface ValveLayerOptions {
  /**
   * STRATEGIC (WNTR): at every junction of degree d, valves on max(d − n, 0) of its links chosen
   * at random, i.e. n links per junction stay without a valve (n = 0, 1, 2 → N, N−1, N−2 placement).
   * RANDOM: n valves on distinct random (pipe, end node) pairs.
   */
  strategy: 'STRATEGIC' | 'RANDOM';
  n: number;
  seed: number;
  /** STRATEGIC only: place around junctions only (WNTR, default) or around every node. */
  aroundNodes?: 'JUNCTIONS' | 'ALL';
}


/** The first k items of a seeded partial Fisher–Yates shuffle (k distinct picks, in pick order). */
function pick<T>(items: T[], k: number, rand: () => number): T[] {
  const a = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** Generates an isolation-valve layer (ids V1..Vk, OPEN, operable), deterministic for a seed. */
export function generateValveLayer(model: NetworkModel, o: ValveLayerOptions): IsolationValve[] {
  if (!Number.isInteger(o.n) || o.n < 0) throw new ImportError(`valveLayer.n must be a non-negative integer, got ${o.n}`, { section: 'valveLayer' });
  if (!Number.isFinite(o.seed)) throw new ImportError(`valveLayer.seed must be a number, got ${o.seed}`, { section: 'valveLayer' });
  const rand = mulberry32(o.seed);
  const linkById = new Map(model.links.map((l) => [l.id, l]));
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
  const pairs: [string, string][] = [];

  if (o.strategy === 'STRATEGIC') {
    // Incident links in model order; a self-loop counts once.
    const incident = new Map<string, string[]>();
    for (const l of model.links) {
      for (const end of l.from === l.to ? [l.from] : [l.from, l.to]) {
        let arr = incident.get(end);
        if (!arr) incident.set(end, (arr = []));
        arr.push(l.id);
      }
    }
    for (const node of model.nodes) {
      if ((o.aroundNodes ?? 'JUNCTIONS') === 'JUNCTIONS' && node.kind !== 'JUNCTION') continue;
      const around = incident.get(node.id) ?? [];
      for (const linkId of pick(around, Math.max(around.length - o.n, 0), rand)) pairs.push([linkId, node.id]);
    }
  } else if (o.strategy === 'RANDOM') {
    const pipes = model.links.filter((l) => l.kind === 'PIPE');
    const slots = pipes.length * 2;
    if (o.n > slots) throw new ImportError(`valveLayer.n = ${o.n} exceeds the ${slots} (pipe, end) positions in the network`, { section: 'valveLayer' });
    // Sparse Fisher–Yates over slot indices: slot i is pipe i>>1 at its from (even) or to (odd) end.
    const swapped = new Map<number, number>();
    for (let i = 0; i < o.n; i++) {
      const j = i + Math.floor(rand() * (slots - i));
      const vj = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      const pipe = pipes[vj >> 1];
      pairs.push([pipe.id, vj & 1 ? pipe.to : pipe.from]);
    }
  } else {
    throw new ImportError(`unknown valveLayer.strategy "${(o as { strategy: string }).strategy}" (STRATEGIC or RANDOM)`, { section: 'valveLayer' });
  }

  return pairs.map(([linkId, nodeId], i) => ({
    id: `V${i + 1}`,
    linkId,
    nodeId,
    state: 'OPEN',
    operable: true,
    diameterMm: linkById.get(linkId)!.diameterMm ?? null,
    coord: nodeById.get(nodeId)?.coord ?? null,
  }));
}
