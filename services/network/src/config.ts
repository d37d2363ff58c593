import { DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';

export const networkEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.network),
  /** domain.md: planned outages above 5,000 people need the city administration bureau's approval. */
  REGULATOR_THRESHOLD_PERSONS: z.coerce.number().int().min(0).default(5000),
  /** Per-person daily use when population comes from demand (litres per person per day). */
  LITERS_PER_PERSON_PER_DAY: z.coerce.number().positive().default(200),
  /** Buffer around affected pipes and service points that the outage polygon covers. */
  SERVICE_RADIUS_M: z.coerce.number().positive().default(50),
  SIMPLIFY_TOLERANCE_M: z.coerce.number().min(0).default(5),
  SNAP_TOLERANCE_M: z.coerce.number().positive().default(1),
  VALVE_SNAP_TOLERANCE_M: z.coerce.number().positive().default(5),
  /** domain.md: planned outages are announced and important users told at least 24 h ahead. */
  ANNOUNCE_LEAD_HOURS: z.coerce.number().min(0).default(24),
};

export type NetworkConfig = ReturnType<typeof loadNetworkConfig>;

export function loadNetworkConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(networkEnvShape, source);
}
