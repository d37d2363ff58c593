import type { NetworkEntity } from '../entities/network.entity';
import type { LinkEntity, NodeEntity, ServicePointEntity, ValveEntity } from '../entities/network-element.entity';
import { NetworkType, NodeType, PipeType, ServicePointType, ValveStateEnum, ValveType } from '../schema/network.type';

export const toNetwork = (n: NetworkEntity, totalPopulation: number): NetworkType => ({
  id: n.id, name: n.name, utility: n.utility, version: n.version, pipeCount: n.pipeCount, nodeCount: n.nodeCount, valveCount: n.valveCount,
  totalPopulation, litersPerPersonPerDay: n.litersPerPersonPerDay, crs: n.crs, createdAt: n.createdAt,
});

export const toNode = (n: NodeEntity): NodeType => ({ networkId: n.networkId, id: n.id, kind: n.kind, lon: n.lon, lat: n.lat, area: n.area });

export const toPipe = (l: LinkEntity, ends?: { from?: [number, number] | null; to?: [number, number] | null }): PipeType => ({
  networkId: l.networkId, id: l.id, kind: l.kind, fromNodeId: l.fromNode, toNodeId: l.toNode, lengthM: l.lengthM, diameterMm: l.diameterMm,
  material: l.material, status: l.status, circuit: l.circuit, pressureLevel: l.pressureLevel,
  geometry: ends?.from && ends?.to ? { type: 'LineString', coordinates: [ends.from, ...l.vertices, ends.to] } : null,
});

export const toValve = (v: ValveEntity | { networkId: string; id: string; linkId: string; nodeId: string; state: string; operable: boolean; diameterMm?: number | null; lon?: number | null; lat?: number | null }): ValveType => ({
  networkId: v.networkId, id: v.id, linkId: v.linkId, nodeId: v.nodeId, state: v.state as ValveStateEnum, operable: v.operable,
  diameterMm: v.diameterMm ?? null, lon: v.lon ?? null, lat: v.lat ?? null,
});

export const toServicePoint = (s: ServicePointEntity): ServicePointType => ({
  networkId: s.networkId, id: s.id, nodeId: s.nodeId, returnNodeId: s.returnNodeId, lon: s.lon, lat: s.lat, address: s.address, households: s.households, persons: s.persons,
  important: s.important, area: s.area, name: s.name, phone: s.phone,
  customerType: s.customerType, vulnerability: s.vulnerability, lastInspectedOn: s.lastInspectedOn,
});
