import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape } from '@mainline/common';

export const ticketsEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.tickets),
};

export type TicketsConfig = ReturnType<typeof loadTicketsConfig>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(ticketsEnvShape, source);
}
