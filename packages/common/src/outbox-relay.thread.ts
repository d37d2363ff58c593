// The outbox relay on a thread of its own (OutboxRelayThread starts it): its own pool and producer, the same
// OutboxRelay and Kafka module as inline, its log lines handed to the service's logger on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createDataSource } from './db';
import { createKafkaBus } from './kafka';
import { OutboxRelay } from './outbox';
import type { RelayThreadData, ToMain, ToRelayThread } from './outbox-relay-thread';

const port = parentPort!;
const data = workerData as RelayThreadData;
const post = (m: ToMain) => port.postMessage(m);
// Every line goes to the main thread, which logs it through the service's logger (level, redaction, stdout).
const log = pino({ level: data.logLevel, base: undefined, timestamp: false }, { write: (line: string) => post({ t: 'log', line }) });

async function main(): Promise<void> {
  const ds = createDataSource({ url: data.databaseUrl, entities: [], migrations: [], poolSize: data.poolSize, log });
  await ds.initialize();
  const bus = createKafkaBus({ brokers: data.brokers, clientId: data.clientId, log });
  const relay = new OutboxRelay(ds, bus, log, data.relay);
  let stopping: Promise<void> | null = null;
  port.on('message', (m: ToRelayThread) => {
    if (m.t === 'kick') relay.kick();
    else if (m.t === 'stop') {
      stopping ??= (async () => {
        await relay.stop();
        await bus.close().catch((e) => log.error({ err: String(e) }, 'kafka close failed'));
        await ds.destroy().catch((e) => log.error({ err: String(e) }, 'pool close failed'));
        // Everything is closed: the main thread ends the thread on this message.
        post({ t: 'stopped' });
      })();
    }
  });
  relay.start();
  post({ t: 'started' });
}

main().catch((e) => {
  // Thrown out of the thread: the main thread sees it exit and starts another after its delay.
  throw e instanceof Error ? e : new Error(String(e));
});
