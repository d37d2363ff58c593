// Utility kinds and the service point attributes heat and gas service need, against the real PostgreSQL:
// a network keeps its kind, a kind the deployment does not run is refused and leaves nothing, service
// points keep their customer type, vulnerable users and last inspection, and a whole network's service
// points come page by page.
import { connectAndMigrate, createDataSource, createLogger, DomainError, Identity } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { testDbUrl, testPg } from '@mainline/test-support';
import { entities, migrations } from '../src/app';
import { NetworkRepository } from '../src/repositories/network.repository';
import { ImportService } from '../src/services/import.service';
import { NetworkService } from '../src/services/network.service';

const DB = 'mainline_test_network_utility';
const log = createLogger('test', 'silent');
const dispatcher: Identity = { sub: 'disp-1', name: '调度员', roles: ['dispatcher'], department: 'NETWORK' };
const importCfg = { litersPerPersonPerDay: 200, snapToleranceM: 1, valveSnapToleranceM: 5, maxContentChars: 10_000_000 };

const feat = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
const pt = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

/** A gate station (or a water plant), a main and 7 households, ids chosen so text order is not insertion order. */
function gasTown(sourceKind = 'GATE_STATION'): string {
  const households = ['H-07', 'H-01', 'H-05', 'H-03', 'H-02', 'H-06', 'H-04'].map((id, i) =>
    feat({
      layer: 'service_point', id, persons: 3, address: `燃气路 ${i + 1} 号`,
      ...(id === 'H-03' ? { customerType: 'COMMERCIAL', vulnerability: 'ELDERLY,SICK', lastInspectedOn: '2025-11-02' } : {}),
    }, pt(114.0005, 30.0001)));
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feat({ layer: 'source', id: 'GATE', sourceKind }, pt(114, 30)),
      feat({ layer: 'junction', id: 'J1' }, pt(114.001, 30)),
      feat({ layer: 'pipe', id: 'P1', from: 'GATE', to: 'J1' }, { type: 'LineString', coordinates: [[114, 30], [114.001, 30]] }),
      ...households,
    ],
  });
}

describe('utility kinds and service point attributes (real PostgreSQL)', () => {
  const ds = createDataSource({ url: testDbUrl(DB), entities, migrations, log });
  let repo: NetworkRepository;
  let networks: NetworkService;

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    await connectAndMigrate(ds, log);
    repo = new NetworkRepository(ds);
    networks = new NetworkService(repo, log);
  });
  afterAll(() => ds.destroy());

  it('stores the kind of the network, WATER when none is given', async () => {
    const imports = new ImportService(ds, repo, { ...importCfg, utilityKinds: ['WATER', 'GAS'] });
    const gas = await imports.importNetwork(dispatcher, { name: 'gas-town', format: 'GEOJSON', content: gasTown(), utility: 'GAS' });
    const water = await imports.importNetwork(dispatcher, { name: 'water-town', format: 'GEOJSON', content: gasTown('PLANT') });
    expect((await networks.get(gas.id)).utility).toBe('GAS');
    expect((await networks.get(water.id)).utility).toBe('WATER');
  });

  it('refuses a kind this deployment does not run, naming input.utility, and stores nothing', async () => {
    const imports = new ImportService(ds, repo, { ...importCfg, utilityKinds: ['WATER', 'GAS'] });
    const err = await imports.importNetwork(dispatcher, { name: 'heat-town', format: 'GEOJSON', content: gasTown(), utility: 'HEAT' }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/input\.utility: utility kind HEAT is not run by this deployment \(runs WATER, GAS\)/);
    expect(err.message).toMatch(/^本系统未开通供热业务/);
    expect(await repo.getByName('heat-town')).toBeNull();
  });

  it('keeps the customer type, the vulnerable users and the last inspection date of each service point', async () => {
    const net = (await repo.getByName('gas-town'))!;
    const [h3, h1] = await networks.servicePoints(net.id, ['H-03', 'H-01']).then((r) => ['H-03', 'H-01'].map((id) => r.find((s) => s.id === id)!));
    expect([h3.customerType, h3.vulnerability, h3.lastInspectedOn]).toEqual(['COMMERCIAL', ['ELDERLY', 'SICK'], '2025-11-02']);
    expect([h1.customerType, h1.vulnerability, h1.lastInspectedOn]).toEqual(['RESIDENTIAL', [], null]);
  });

  it('pages through every service point of a network in id order, each once', async () => {
    const net = (await repo.getByName('gas-town'))!;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await networks.servicePointsOfNetwork(net.id, 3, after);
      seen.push(...page.items.map((s) => s.id));
      after = page.nextCursor;
      pages++;
    } while (after);
    expect(seen).toEqual(['H-01', 'H-02', 'H-03', 'H-04', 'H-05', 'H-06', 'H-07']);
    expect(pages).toBe(3);
    // A page that ends exactly at the last one says so.
    expect((await networks.servicePointsOfNetwork(net.id, 7, null)).nextCursor).toBeNull();
  });

  it('refuses an EPANET model for a gas network, naming format, and stores nothing', async () => {
    const imports = new ImportService(ds, repo, { ...importCfg, utilityKinds: ['WATER', 'GAS'] });
    const inp = '[JUNCTIONS]\nJ1 0 0\n[RESERVOIRS]\nR1 10\n[PIPES]\nP1 R1 J1 100 100 100 0 Open\n[COORDINATES]\nJ1 0 0\nR1 1 1\n[END]\n';
    const err = await imports.importNetwork(dispatcher, { name: 'gas-inp', format: 'EPANET_INP', content: inp, utility: 'GAS', origin: { lon: 114, lat: 30 } }).catch((e) => e);
    expect([err.code, err.details.field]).toEqual(['INVALID_INPUT', 'format']);
    expect(err.message).toMatch(/an EPANET \.inp model is a water network; import a GAS network as GEOJSON/);
    expect(await repo.getByName('gas-inp')).toBeNull();
  });

  it("refuses another network's cursor and an unknown network", async () => {
    const gas = (await repo.getByName('gas-town'))!;
    const water = (await repo.getByName('water-town'))!;
    const { nextCursor } = await networks.servicePointsOfNetwork(gas.id, 2, null);
    const err = await networks.servicePointsOfNetwork(water.id, 2, nextCursor).catch((e) => e);
    expect([err.code, err.details.field]).toEqual(['INVALID_INPUT', 'after']);
    const missing = await networks.servicePointsOfNetwork('00000000-0000-4000-8000-000000000000', 2, null).catch((e) => e);
    expect(missing.code).toBe('NOT_FOUND');
  });
});
