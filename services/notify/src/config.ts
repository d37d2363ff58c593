import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape } from '@mainline/common';

export const notifyEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.notify),
};

export type NotifyServiceConfig = ReturnType<typeof loadNotifyServiceConfig>;

export function loadNotifyServiceConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notifyEnvShape, source);
}
