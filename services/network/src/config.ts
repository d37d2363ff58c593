import { DEPARTMENTS, DEV_DEFAULTS, env, loadConfig, serviceEnvShape, z } from '@mainline/common';

/** `zoom=value` pairs, e.g. `0=300,12=0`. */
const zoomRules = z.string().transform((s, ctx) => {
  const out: Array<{ fromZoom: number; minMm: number }> = [];
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d{1,2})=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not zoom=mm (e.g. 0=300,12=0)` });
      return z.NEVER;
    }
    out.push({ fromZoom: Number(m[1]), minMm: Number(m[2]) });
  }
  return out.sort((a, b) => a.fromZoom - b.fromZoom);
});

export const networkEnvShape = {
  ...serviceEnvShape,
  PORT: env.port(DEV_DEFAULTS.ports.network),
  /** docs/domain.md: planned outages above 5,000 people need the city administration bureau's approval (water). */
  REGULATOR_THRESHOLD_PERSONS: z.coerce.number().int().min(0).default(5000),
  /** The same rule for heat and for gas outages (docs/domain.md "Heating utility", "Gas utility": configurable like water's). */
  REGULATOR_THRESHOLD_PERSONS_HEAT: z.coerce.number().int().min(0).default(5000),
  REGULATOR_THRESHOLD_PERSONS_GAS: z.coerce.number().int().min(0).default(5000),
  /** Per-person daily use when population comes from demand (litres per person per day). */
  LITERS_PER_PERSON_PER_DAY: z.coerce.number().positive().default(200),
  /** Buffer around affected pipes and service points that the outage polygon covers. */
  SERVICE_RADIUS_M: z.coerce.number().positive().default(50),
  SIMPLIFY_TOLERANCE_M: z.coerce.number().min(0).default(5),
  SNAP_TOLERANCE_M: z.coerce.number().positive().default(1),
  /** Decimals of the lon/lat in map viewport answers (pipesInBox): 7 is about 1 cm, RFC 7946 suggests 6. */
  MAP_COORDINATE_DECIMALS: z.coerce.number().int().min(1).max(15).default(7),
  /** Store each compiled network version as a binary snapshot and start from it instead of every row. */
  NETWORK_SNAPSHOTS: env.bool(true),
  VALVE_SNAP_TOLERANCE_M: z.coerce.number().positive().default(5),
  /** docs/domain.md: planned outages are announced and important users told at least 24 h ahead. */
  ANNOUNCE_LEAD_HOURS: z.coerce.number().min(0).default(24),
  /** Public outage numbers: <prefix>-<year>-<6-digit sequence>, e.g. TS-2026-000042. */
  OUTAGE_NUMBER_PREFIX: z.string().regex(/^[A-Z0-9]{1,8}$/, 'must be 1-8 capital letters or digits').default('TS'),
  /** Works unit (department code) of an outage whose plan names none. */
  OUTAGE_DEFAULT_WORKS_UNIT: z.enum(DEPARTMENTS).default('WORKS'),
  /** Clock skew allowed when a crew records the time it turned a valve. */
  VALVE_OPERATION_MAX_FUTURE_S: z.coerce.number().int().min(0).default(300),
  /** Map tiles (/tiles/<networkId>/<z>/<x>/<y>.mvt): highest zoom served. */
  TILE_MAX_ZOOM: z.coerce.number().int().min(0).max(24).default(18),
  /** Tile units per side, and units drawn beyond each edge so lines meet across tiles. */
  TILE_EXTENT: z.coerce.number().int().min(256).max(65536).default(4096),
  TILE_BUFFER: z.coerce.number().int().min(0).max(4096).default(64),
  /** Douglas–Peucker tolerance in tile units (16 units = one pixel of a 256-pixel tile at extent 4096). */
  TILE_SIMPLIFY: z.coerce.number().min(0).default(4),
  /** From each zoom on, the smallest pipe diameter drawn (mm), as zoom=mm pairs: trunk mains only below z12. */
  TILE_PIPE_MIN_DIAMETER: zoomRules.default('0=300,12=0'),
  TILE_VALVES_MIN_ZOOM: z.coerce.number().int().min(0).max(24).default(15),
  TILE_SERVICE_POINTS_MIN_ZOOM: z.coerce.number().int().min(0).max(24).default(16),
  TILE_IMPORTANT_USERS_MIN_ZOOM: z.coerce.number().int().min(0).max(24).default(13),
  /** Encoded tiles kept in memory per process (least recently used dropped first). */
  TILE_CACHE_MB: z.coerce.number().min(0).default(128),
  /** Largest page of the outages query. */
  OUTAGES_PAGE_MAX: z.coerce.number().int().min(1).default(200),
};

export type NetworkConfig = ReturnType<typeof loadNetworkConfig>;

export function loadNetworkConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(networkEnvShape, source);
}
