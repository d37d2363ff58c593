// The network service's entities and migrations agree: nothing for `synchronize` to do after the migrations.
import { schemaDrift } from '@mainline/test-support';
import { entities, migrations } from '../src/app';

describe('network migrations', () => {
  it('leave no difference between the entities and the migrated schema', async () => {
    expect(await schemaDrift('mainline_test_drift_network', { entities, migrations })).toEqual([]);
  });
});
