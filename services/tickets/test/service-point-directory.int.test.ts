// The service point directory when the network service cannot answer (issue 9): a closed port or a peer that never
// answers is a typed UNAVAILABLE naming networkId, and planning writes nothing. (The real network service's
// answers are in test/e2e/field-work.e2e.test.ts.)
import net from 'node:net';
import type { Identity } from '@mainline/common';
import { refusal, startHarness } from './support/int-harness';

const safety: Identity = { sub: 'gas-insp-1', name: '安检员', roles: ['department'], department: 'GAS_SAFETY' };
const NET = '6a0e3c1d-2b4f-4e8a-9c7d-1f2e3d4c5b6a';

async function listen(onConnection: (s: net.Socket) => void = () => undefined): Promise<net.Server> {
  const srv = net.createServer(onConnection);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return srv;
}
const portOf = (srv: net.Server) => (srv.address() as net.AddressInfo).port;

describe('service point directory when the network service cannot answer (real PostgreSQL)', () => {
  it('a closed port is UNAVAILABLE naming networkId', async () => {
    const srv = await listen();
    const port = portOf(srv);
    await new Promise<void>((r) => srv.close(() => r()));
    const h = await startHarness('mainline_test_tickets_sp_directory_closed', '2026-06-01T09:00:00+08:00', {
      config: { NETWORK_SUBGRAPH_URL: `http://127.0.0.1:${port}/graphql`, ASSET_CHECK_TIMEOUT_MS: 2000 },
    });
    try {
      expect(await refusal(h.services.gasInspections.overdue(safety, NET, null, 10))).toMatchObject({ code: 'UNAVAILABLE', details: { field: 'networkId' } });
      expect(await refusal(h.services.gasInspections.planRound(safety, { networkId: NET, dueBy: '2026-06-30' }))).toMatchObject({ code: 'UNAVAILABLE' });
      const [{ n }] = await h.ds.query(`SELECT (SELECT count(*) FROM inspection_round) + (SELECT count(*) FROM gas_inspection) AS n`);
      expect(Number(n)).toBe(0);
    } finally {
      await h.stop();
    }
  });

  it('a peer that never answers is UNAVAILABLE after the timeout', async () => {
    const sockets: net.Socket[] = [];
    const srv = await listen((s) => void sockets.push(s)); // accepts, reads nothing back
    const h = await startHarness('mainline_test_tickets_sp_directory_silent', '2026-06-01T09:00:00+08:00', {
      config: { NETWORK_SUBGRAPH_URL: `http://127.0.0.1:${portOf(srv)}/graphql`, ASSET_CHECK_TIMEOUT_MS: 300 },
    });
    try {
      const t0 = Date.now();
      expect(await refusal(h.services.gasInspections.overdue(safety, NET, null, 10))).toMatchObject({ code: 'UNAVAILABLE', details: { field: 'networkId' } });
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await h.stop();
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
