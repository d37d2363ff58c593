import { DataSource, EntityManager, In } from 'typeorm';
import type { NetworkModel } from '../domain/model';
import { LinkEntity, NodeEntity, PopulationAreaEntity, ServicePointEntity, ValveEntity } from '../entities/network-element.entity';
import { NetworkEntity } from '../entities/network.entity';

const CHUNK = 1000;

async function insertChunks<T extends object>(tx: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + CHUNK) as any).execute();
  }
}

function bbox(coords: Array<[number, number]>) {
  if (coords.length === 0) return { minLon: null, minLat: null, maxLon: null, maxLat: null };
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const [x, y] of coords) {
    if (x < minLon) minLon = x;
    if (y < minLat) minLat = y;
    if (x > maxLon) maxLon = x;
    if (y > maxLat) maxLat = y;
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** All persistence of networks and their elements (style.md: I/O behind repositories). */
export class NetworkRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes a whole model in the caller's transaction. */
  async insertModel(tx: EntityManager, meta: Omit<NetworkEntity, 'id' | 'createdAt' | 'version'>, model: NetworkModel): Promise<NetworkEntity> {
    const net = await tx.getRepository(NetworkEntity).save(tx.getRepository(NetworkEntity).create({ ...meta, version: 1 }));
    const nid = net.id;
    const coordOf = new Map(model.nodes.map((n) => [n.id, n.coord] as const));
    await insertChunks(tx, NodeEntity, model.nodes.map((n) => ({
      networkId: nid, id: n.id, kind: n.kind, lon: n.coord?.[0] ?? null, lat: n.coord?.[1] ?? null,
      elevationM: n.elevationM ?? null, demands: n.demands, area: n.area ?? null,
    })));
    await insertChunks(tx, LinkEntity, model.links.map((l) => {
      const ends = [coordOf.get(l.from), ...l.vertices, coordOf.get(l.to)].filter((c): c is [number, number] => !!c);
      return {
        networkId: nid, id: l.id, kind: l.kind, fromNode: l.from, toNode: l.to, lengthM: l.lengthM ?? null,
        diameterMm: l.diameterMm ?? null, material: l.material ?? null, roughness: l.roughness ?? null, status: l.status ?? null,
        vertices: l.vertices, area: l.area ?? null, ...bbox(ends),
      };
    }));
    await insertChunks(tx, ValveEntity, model.valves.map((v) => ({
      networkId: nid, id: v.id, linkId: v.linkId, nodeId: v.nodeId, state: v.state, operable: v.operable,
      diameterMm: v.diameterMm ?? null, lon: v.coord?.[0] ?? null, lat: v.coord?.[1] ?? null,
    })));
    await insertChunks(tx, ServicePointEntity, model.servicePoints.map((s) => ({
      networkId: nid, id: s.id, nodeId: s.nodeId, lon: s.coord?.[0] ?? null, lat: s.coord?.[1] ?? null, address: s.address ?? null,
      households: s.households ?? null, persons: s.persons, important: s.important ?? null, name: s.name ?? null, phone: s.phone ?? null, area: s.area ?? null,
    })));
    await insertChunks(tx, PopulationAreaEntity, model.populationAreas.map((a) => ({
      networkId: nid, id: a.id, name: a.name ?? null, population: a.population, geometry: a.geometry,
    })));
    return net;
  }

  get(id: string): Promise<NetworkEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.ds.getRepository(NetworkEntity).findOneBy({ id });
  }

  getByName(name: string): Promise<NetworkEntity | null> {
    return this.ds.getRepository(NetworkEntity).findOneBy({ name });
  }

  list(): Promise<NetworkEntity[]> {
    return this.ds.getRepository(NetworkEntity).find({ order: { createdAt: 'DESC' } });
  }

  /** Reads a stored network back into the plain model the algorithms use. */
  async loadModel(net: NetworkEntity): Promise<NetworkModel> {
    const q = (sql: string) => this.ds.query(sql, [net.id]);
    const [nodes, links, valves, sps, areas] = await Promise.all([
      q(`SELECT id, kind, lon, lat, elevation_m, demands, area FROM network_node WHERE network_id = $1`),
      q(`SELECT id, kind, from_node, to_node, length_m, diameter_mm, material, roughness, status, vertices, area FROM network_link WHERE network_id = $1`),
      q(`SELECT id, link_id, node_id, state, operable, diameter_mm, lon, lat FROM valve WHERE network_id = $1`),
      q(`SELECT id, node_id, lon, lat, address, households, persons, important, name, phone, area FROM service_point WHERE network_id = $1`),
      q(`SELECT id, name, population, geometry FROM population_area WHERE network_id = $1`),
    ]);
    const h = net.hydraulics as any;
    return {
      nodes: nodes.map((n: any) => ({ id: n.id, kind: n.kind, coord: n.lon === null ? null : [n.lon, n.lat], elevationM: n.elevation_m ?? undefined, demands: n.demands, area: n.area })),
      links: links.map((l: any) => ({
        id: l.id, kind: l.kind, from: l.from_node, to: l.to_node, lengthM: l.length_m ?? undefined, diameterMm: l.diameter_mm ?? undefined,
        material: l.material, roughness: l.roughness ?? undefined, status: l.status, vertices: l.vertices, area: l.area,
      })),
      valves: valves.map((v: any) => ({ id: v.id, linkId: v.link_id, nodeId: v.node_id, state: v.state, operable: v.operable, diameterMm: v.diameter_mm, coord: v.lon === null ? null : [v.lon, v.lat] })),
      servicePoints: sps.map((s: any) => ({
        id: s.id, nodeId: s.node_id, coord: s.lon === null ? null : [s.lon, s.lat], address: s.address, households: s.households, persons: s.persons,
        important: s.important, name: s.name, phone: s.phone, area: s.area,
      })),
      populationAreas: areas.map((a: any) => ({ id: a.id, name: a.name, population: a.population, geometry: a.geometry })),
      patterns: h.patterns ?? [],
      options: h.options ?? { patternStepS: 3600, demandMultiplier: 1, defaultPatternId: null, flowUnits: 'LPS' },
    };
  }

  findLinks(networkId: string, ids: string[]): Promise<LinkEntity[]> {
    return this.ds.getRepository(LinkEntity).findBy({ networkId, id: In(ids) });
  }
  findNodes(networkId: string, ids: string[]): Promise<NodeEntity[]> {
    return this.ds.getRepository(NodeEntity).findBy({ networkId, id: In(ids) });
  }
  findValves(networkId: string, ids: string[]): Promise<ValveEntity[]> {
    return this.ds.getRepository(ValveEntity).findBy({ networkId, id: In(ids) });
  }
  findServicePoints(networkId: string, ids: string[]): Promise<ServicePointEntity[]> {
    return this.ds.getRepository(ServicePointEntity).findBy({ networkId, id: In(ids) });
  }

  /** Map viewport: links whose bounding box meets the box (index on min corner, then exact filter). */
  linksInBox(networkId: string, b: { minLon: number; minLat: number; maxLon: number; maxLat: number }, limit: number): Promise<LinkEntity[]> {
    return this.ds
      .getRepository(LinkEntity)
      .createQueryBuilder('l')
      .where('l.networkId = :networkId', { networkId })
      .andWhere('l.minLon <= :maxLon AND l.maxLon >= :minLon AND l.minLat <= :maxLat AND l.maxLat >= :minLat', b)
      .limit(limit)
      .getMany();
  }
}
