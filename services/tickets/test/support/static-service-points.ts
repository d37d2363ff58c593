// The network service's networks and service points as plain data, for tickets integration tests that run
// without a network service (the real one answers in test/e2e/field-work.e2e.test.ts). Not a test file itself.
import type { Identity } from '@mainline/common';
import type { DirectoryNetwork, DirectoryServicePoint, ServicePointDirectory } from '../../src/services/service-point-directory';

export class StaticServicePoints implements ServicePointDirectory {
  /** Every call, to show what a read cost. */
  readonly calls: string[] = [];

  constructor(private readonly nets: Array<Omit<DirectoryNetwork, 'version'> & { version?: number; points: Array<Omit<DirectoryServicePoint, 'networkId'>> }>) {}

  async network(_caller: Identity, networkId: string): Promise<DirectoryNetwork | null> {
    this.calls.push(`network ${networkId}`);
    const n = this.nets.find((x) => x.id === networkId);
    return n ? { id: n.id, name: n.name, utility: n.utility, version: n.version ?? 1 } : null;
  }

  async networks(): Promise<DirectoryNetwork[]> {
    this.calls.push('networks');
    return this.nets.map((n) => ({ id: n.id, name: n.name, utility: n.utility, version: n.version ?? 1 }));
  }

  async servicePoints(_caller: Identity, networkId: string, ids?: readonly string[]): Promise<DirectoryServicePoint[]> {
    this.calls.push(`servicePoints ${networkId}${ids ? ` ${ids.length}` : ''}`);
    const n = this.nets.find((x) => x.id === networkId);
    return (n?.points ?? []).filter((p) => !ids || ids.includes(p.id)).map((p) => ({ ...p, networkId }));
  }
}
