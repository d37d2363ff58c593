import { METRES_PER_DEGREE } from '@mainline/common/domain';
import type { IsolationValve, NetLink, NetNode, NetworkModel } from '../src/domain/model';
import { mulberry32 } from '@mainline/common/domain';

export const seededRandom = mulberry32;


export interface SyntheticCityOptions {
  /** Approximate number of pipes (the grid is sized to it). */
  pipes: number;
  seed?: number;
  /** WNTR's strategic layer: at every node, valves on all incident links but `valveN` (default 2). */
  valveN?: number;
  /** Every k-th street is a trunk main (default 10). */
  trunkEvery?: number;
  /** Number of sources (plants / tanks) on the trunk grid (default 4). */
  sources?: number;
  /** Share of street links dropped to break the regular grid (default 0.08). */
  dropShare?: number;
  /** Share of grid nodes with a dead-end spur of 1–3 pipes (default 0.1). */
  spurShare?: number;
  /** Share of valves that are normally CLOSED (zone boundaries, default 0). */
  closedShare?: number;
  /** Share of valves marked inoperable (default 0). */
  inoperableShare?: number;
}

export interface SyntheticCity {
  model: NetworkModel;
  /** Persons per node (households × persons per household), same order as model.nodes. */
  nodePersons: Float64Array;
}

const ORIGIN = { lon: 116.3, lat: 39.9 };
const SPACING_M = 120;
const DEG_PER_M = 1 / METRES_PER_DEGREE;

/**
 * A looped street grid with trunk mains of larger diameter on every k-th street, a few sources on the
 * trunks, dead-end spurs, a WNTR-style strategic valve layer and households per junction.
 */
export function generateCity(o: SyntheticCityOptions): SyntheticCity {
  const rnd = seededRandom(o.seed ?? 1);
  const trunkEvery = o.trunkEvery ?? 10;
  const valveN = o.valveN ?? 2;
  const dropShare = o.dropShare ?? 0.08;
  const spurShare = o.spurShare ?? 0.1;
  // Grid pipes ≈ 2·W² (less drops) plus spurs ≈ 2·spurShare·W².
  const side = Math.max(3, Math.round(Math.sqrt(o.pipes / (2 * (1 - dropShare) + 2 * spurShare))));
  const nodes: NetNode[] = [];
  const links: NetLink[] = [];
  const persons: number[] = [];
  const coordOf = (x: number, y: number): [number, number] => [ORIGIN.lon + x * SPACING_M * DEG_PER_M * 1.3, ORIGIN.lat + y * SPACING_M * DEG_PER_M];
  const addNode = (kind: NetNode['kind'], x: number, y: number, households: number) => {
    const id = `${kind === 'JUNCTION' ? 'J' : kind === 'TANK' ? 'T' : 'W'}${nodes.length}`;
    nodes.push({ id, kind, coord: coordOf(x, y), demands: [], area: null });
    persons.push(households * 2.8);
    return id;
  };
  const addLink = (from: string, to: string, diameterMm: number) => {
    links.push({ id: `P${links.length}`, kind: 'PIPE', from, to, lengthM: SPACING_M, diameterMm, vertices: [] });
  };
  const households = () => Math.floor(rnd() * 40);

  const grid: string[] = new Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) grid[y * side + x] = addNode('JUNCTION', x, y, households());
  const isTrunk = (i: number) => i % trunkEvery === 0;
  const diameter = (trunk: boolean) => (trunk ? 400 + 100 * Math.floor(rnd() * 3) : [100, 150, 200][Math.floor(rnd() * 3)]);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      // Trunk mains are never dropped, so the city stays connected through them.
      if (x + 1 < side && (isTrunk(y) || rnd() >= dropShare)) addLink(grid[y * side + x], grid[y * side + x + 1], diameter(isTrunk(y)));
      if (y + 1 < side && (isTrunk(x) || rnd() >= dropShare)) addLink(grid[y * side + x], grid[(y + 1) * side + x], diameter(isTrunk(x)));
    }
  }
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (rnd() >= spurShare) continue;
      let prev = grid[y * side + x];
      const len = 1 + Math.floor(rnd() * 3);
      for (let k = 1; k <= len; k++) {
        const id = addNode('JUNCTION', x + 0.3 * k, y + 0.3, households());
        addLink(prev, id, 100);
        prev = id;
      }
    }
  }
  const sourceCount = o.sources ?? 4;
  for (let k = 0; k < sourceCount; k++) {
    const tx = Math.min(side - 1, trunkEvery * Math.floor((rnd() * side) / trunkEvery));
    const ty = Math.min(side - 1, trunkEvery * Math.floor((rnd() * side) / trunkEvery));
    const id = addNode(k % 2 === 0 ? 'PLANT' : 'TANK', tx - 0.5, ty - 0.5, 0);
    addLink(id, grid[ty * side + tx], 800);
  }

  // Strategic layer (WNTR strategic_valve_layer): each node keeps `valveN` incident links unvalved.
  const incident = new Map<string, number[]>();
  links.forEach((l, i) => {
    (incident.get(l.from) ?? incident.set(l.from, []).get(l.from)!).push(i);
    (incident.get(l.to) ?? incident.set(l.to, []).get(l.to)!).push(i);
  });
  const valves: IsolationValve[] = [];
  const closedShare = o.closedShare ?? 0;
  const inoperableShare = o.inoperableShare ?? 0;
  for (const n of nodes) {
    const inc = incident.get(n.id) ?? [];
    for (let i = inc.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [inc[i], inc[j]] = [inc[j], inc[i]];
    }
    for (let k = 0; k < inc.length - valveN; k++) {
      const l = links[inc[k]];
      valves.push({
        id: `V${valves.length}`, linkId: l.id, nodeId: n.id,
        state: rnd() < closedShare ? 'CLOSED' : 'OPEN', operable: !(rnd() < inoperableShare),
        diameterMm: l.diameterMm ?? null, coord: n.coord,
      });
    }
  }

  return {
    model: {
      nodes, links, valves, servicePoints: [], populationAreas: [], patterns: [],
      options: { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
    },
    nodePersons: Float64Array.from(persons),
  };
}
