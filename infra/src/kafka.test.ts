import { ensureKafka, ensureTopics, serverProperties } from './kafka';

describe('serverProperties', () => {
  const props = serverProperties({ port: 19092, controllerPort: 19093, logDirs: '/srv/kafka/data' });
  const get = (key: string) => props.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);

  it('describes one combined KRaft node on the requested ports', () => {
    expect(get('process.roles')).toBe('broker,controller');
    expect(get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(get('log.dirs')).toBe('/srv/kafka/data');
  });

  it('lets a single broker run consumer groups and transactions, and never invents topics', () => {
    expect(get('offsets.topic.replication.factor')).toBe('1');
    expect(get('transaction.state.log.replication.factor')).toBe('1');
    expect(get('transaction.state.log.min.isr')).toBe('1');
    expect(get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(get('auto.create.topics.enable')).toBe('false');
  });
});

describe('input checks (before any connection is made)', () => {
  // Port 1 never runs Kafka: a check that let these through would fail with a connection error instead.
  const brokers = ['127.0.0.1:1'];

  it('rejects a bad topic name, naming the spec index', async () => {
    await expect(ensureTopics(brokers, [{ topic: 'ok', numPartitions: 1 }, { topic: 'bad name!', numPartitions: 1 }]))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('specs[1].topic') });
  });

  it('rejects a partition count below 1 and a non-integer retention', async () => {
    await expect(ensureTopics(brokers, [{ topic: 't', numPartitions: 0 }]))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('specs[0].numPartitions') });
    await expect(ensureTopics(brokers, [{ topic: 't', numPartitions: 1, retentionMs: 1.5 }]))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('specs[0].retentionMs') });
  });

  it('rejects identical broker and controller ports and out-of-range ports', async () => {
    await expect(ensureKafka({ dataDir: 'unused', port: 19500, controllerPort: 19500 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(ensureKafka({ dataDir: 'unused', port: 70000 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('port') });
  });
});
