// References are checked when made (issue 13): when the network service cannot be asked, a report with an
// asset is refused with a typed UNAVAILABLE naming `asset` and nothing is written. (The answers of the real
// network service — unknown elements refused, dangling ones null — are in test/e2e/tickets.e2e.test.ts.)
import net from 'node:net';
import { Category, Channel } from '../src/domain';
import { refusal, startHarness, who } from './support/int-harness';

/** A local port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('asset references when the network service cannot be asked (real PostgreSQL)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    h = await startHarness('mainline_test_tickets_asset_reference', '2026-03-02T09:00:00+08:00', {
      config: { NETWORK_SUBGRAPH_URL: `http://127.0.0.1:${await closedPort()}/graphql`, ASSET_CHECK_TIMEOUT_MS: 2000 },
    });
  });
  afterAll(async () => h?.stop());

  const report = (asset: { type: string; networkId: string; id: string }) =>
    h.services.workOrders.create(who.agent, { category: Category.LEAK, channel: Channel.PHONE, description: '阀门井漏水 leak', address: '城中路 10 号', asset });

  it('a report with an asset is refused UNAVAILABLE naming asset, and nothing is written', async () => {
    const e = await refusal(report({ type: 'Pipe', networkId: '6f1c3a52-8d0e-4f7a-9b3c-2e5d7a9c1b00', id: 'PH00' }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.details).toMatchObject({ argument: 'asset' });
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM work_order`);
    expect(n).toBe(0);
  });

  it('a network id that is not one is the caller’s mistake (INVALID_INPUT naming asset), without asking', async () => {
    const e = await refusal(report({ type: 'Pipe', networkId: 'GIS-7', id: 'PH00' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details).toMatchObject({ argument: 'asset', field: 'asset.networkId' });
  });

  it('a report without an asset does not need the network service', async () => {
    const o = await h.services.workOrders.create(who.agent, { category: Category.LEAK, channel: Channel.PHONE, description: '漏水 leak', address: '城中路 10 号' });
    expect(o.assetId).toBeNull();
  });
});
