// Feeds a parsed or generated model to NetworkEngineBuilder as the repository's row scan would.
import { NetworkEngine, NetworkEngineBuilder } from '../../src/domain/analysis/engine';
import type { NetworkModel } from '../../src/domain/model';

export function engineFromModel(model: NetworkModel, networkId = 'net-1', version = 1, litersPerPersonPerDay = 200): NetworkEngine {
  const b = new NetworkEngineBuilder({
    patterns: model.patterns ?? [],
    options: model.options ?? { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
  });
  b.nodes(model.nodes.map((n) => ({ id: n.id, kind: n.kind, lon: n.coord?.[0] ?? null, lat: n.coord?.[1] ?? null, demands: n.demands.length ? n.demands : null, area: n.area ?? null })));
  b.links(model.links.map((l) => ({
    id: l.id, kind: l.kind, from: l.from, to: l.to, lengthM: l.lengthM ?? null, diameterMm: l.diameterMm ?? null, material: l.material ?? null,
    status: l.status ?? null, vertices: l.vertices.length ? l.vertices : null, area: l.area ?? null, circuit: l.circuit ?? null, pressureLevel: l.pressureLevel ?? null,
  })));
  b.valves(model.valves.map((v) => ({
    id: v.id, linkId: v.linkId, nodeId: v.nodeId, state: v.state, operable: v.operable, diameterMm: v.diameterMm ?? null, lon: v.coord?.[0] ?? null, lat: v.coord?.[1] ?? null,
  })));
  b.servicePoints(model.servicePoints.map((s) => ({
    id: s.id, nodeId: s.nodeId, returnNodeId: s.returnNodeId ?? null, lon: s.coord?.[0] ?? null, lat: s.coord?.[1] ?? null, address: s.address ?? null, persons: s.persons,
    important: s.important ?? null, name: s.name ?? null, phone: s.phone ?? null, area: s.area ?? null,
  })));
  b.populationAreas(model.populationAreas);
  return b.finish(networkId, version, litersPerPersonPerDay);
}
