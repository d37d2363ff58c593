// `npm start`: PostgreSQL and Kafka if needed, migrations (each service at its start), the three
// subgraphs and the gateway, demo data, then the URL and a dev token. Ctrl-C stops what it started.
import path from 'node:path';
import { DEV_DEFAULTS, Identity, env, loadConfig, serviceEnvShape, signUserToken, z } from '@mainline/common';
import { UTILITY_KINDS } from '@mainline/common/domain';
import { describeDemo, loadDemoData, loadDemoHistory } from './demo';
import type { HistorySummary } from './demo-history';
import { ensureConsoleBuilt } from './console-build';
import { DEFAULT_PORTS, ROOT, startInfra, startStack } from './stack';

const cfg = loadConfig({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  KAFKA_BROKERS: env.csv.optional(),
  GATEWAY_PORT: env.port(DEFAULT_PORTS.gateway),
  // Service ports and a topic prefix of their own let a second stack share the machine and the broker.
  TICKETS_PORT: env.port(DEFAULT_PORTS.services.tickets),
  NETWORK_PORT: env.port(DEFAULT_PORTS.services.network),
  NOTIFY_PORT: env.port(DEFAULT_PORTS.services.notify),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only').default(''),
  JWT_SECRET: env.secret(DEV_DEFAULTS.jwtSecret),
  MAINLINE_DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  DEMO_DATA: env.bool(true),
  // Read here as every service reads it: the demo has a district of each kind, so it needs all three.
  UTILITY_KINDS: serviceEnvShape.UTILITY_KINDS,
});

const say = (m: string) => process.stdout.write(`[mainline] ${m}\n`);

async function main() {
  const infra = await startInfra({ databaseUrl: cfg.DATABASE_URL, kafkaBrokers: cfg.KAFKA_BROKERS, dataDir: cfg.MAINLINE_DATA_DIR, log: say });
  let stack: Awaited<ReturnType<typeof startStack>> | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await stack?.stop().catch((e) => say('stop failed: ' + e));
    await infra.stop().catch((e) => say('infra stop failed: ' + e));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const missing = UTILITY_KINDS.filter((k) => !cfg.UTILITY_KINDS.includes(k));
  const demo = cfg.DEMO_DATA && !missing.length;
  let history: HistorySummary | null = null;
  try {
    await ensureConsoleBuilt(say);
    stack = await startStack({
      infra,
      dbPrefix: 'mainline_',
      topicPrefix: cfg.KAFKA_TOPIC_PREFIX,
      gatewayPort: cfg.GATEWAY_PORT,
      servicePorts: { tickets: cfg.TICKETS_PORT, network: cfg.NETWORK_PORT, notify: cfg.NOTIFY_PORT },
      logDir: path.join(cfg.MAINLINE_DATA_DIR, 'logs'),
      // Demo phone lists for the internal and authority call lists (each utility configures its own).
      extraEnv: {
        CONSOLE_DEV_TOKENS: process.env.CONSOLE_DEV_TOKENS ?? 'true', // the console's role picker: `npm start` is development
        NOTIFY_INTERNAL_CONTACTS: process.env.NOTIFY_INTERNAL_CONTACTS ?? '生产调度科=07668880101,值班领导=07668880102',
        NOTIFY_REGULATOR_CONTACTS: process.env.NOTIFY_REGULATOR_CONTACTS ?? '城市管理局供水科=07668880201',
        NOTIFY_HEAT_AUTHORITY_CONTACTS: process.env.NOTIFY_HEAT_AUTHORITY_CONTACTS ?? '市供热管理办公室=07668880301',
        NOTIFY_GAS_AUTHORITY_CONTACTS: process.env.NOTIFY_GAS_AUTHORITY_CONTACTS ?? '市燃气管理处=07668880401',
      },
      // The demo's month is written with the tickets service's code before it starts (first start only).
      beforeServices: demo ? async (env) => {
        history = await loadDemoHistory(env.tickets).catch((e) => {
          say('demo history could not be written: ' + (e instanceof Error ? e.message : String(e)));
          return null;
        });
      } : undefined,
      log: say,
    });
  } catch (e) {
    say(String(e instanceof Error ? e.message : e));
    await stop(1);
    return;
  }
  const who = (roles: Identity['roles'], department: Identity['department'], sub: string): string =>
    signUserToken({ sub, name: sub, roles, department }, cfg.JWT_SECRET);
  if (cfg.DEMO_DATA && missing.length) {
    say(`demo data skipped: it has a water, a heat and a gas district, and UTILITY_KINDS=${cfg.UTILITY_KINDS.join(',')} does not run ${missing.join(', ')} (DEMO_DATA=false says nothing)`);
  } else if (demo) {
    try {
      say('demo data: ' + describeDemo(await loadDemoData(stack.gatewayUrl, (id) => signUserToken(id, cfg.JWT_SECRET), { history })));
    } catch (e) {
      say('demo data could not be loaded: ' + (e instanceof Error ? e.message : String(e)));
    }
  }
  const token = who(['dispatcher'], 'NETWORK', 'dev-dispatcher');
  say(`console: ${stack.gatewayUrl.replace(/graphql$/, '')}   (sign in with the role picker)`);
  say(`gateway: ${stack.gatewayUrl}   (logs in ${path.join(cfg.MAINLINE_DATA_DIR, 'logs')})`);
  say(`dev token (dispatcher, NETWORK; more with \`npm run -s token -- --role agent\`):`);
  process.stdout.write(token + '\n');
  say(`try: curl -s ${stack.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d '{"query":"{ networks { id name pipeCount totalPopulation } }"}'`);
  say('Ctrl-C stops everything this command started.');
}

main().catch((e) => {
  say('failed: ' + (e instanceof Error ? e.message : String(e)));
  process.exit(1);
});
