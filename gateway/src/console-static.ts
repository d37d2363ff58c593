// The console (web/dist) at /, with history fallback so every app route (a shared /map?… link, a reload
// of /outages/ID) answers index.html; /graphql stays the API. Dev tokens only in development mode.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { DepartmentCode, Logger, Role, signUserToken } from '@mainline/common';
import type { GatewayConfig } from './config';

export const CONSOLE_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
const DEV_ROLES: Role[] = ['agent', 'department', 'dispatcher', 'supervisor', 'admin'];
/** Paths that are never the app: the API and the probes. */
const NOT_APP = /^\/(graphql|tiles\/|healthz|readyz|console\/)/;

/** Whether this gateway hands out dev tokens: only when the stack asked for it and never in production. */
export function devTokensEnabled(cfg: Pick<GatewayConfig, 'CONSOLE_DEV_TOKENS' | 'NODE_ENV'>): boolean {
  return cfg.CONSOLE_DEV_TOKENS && cfg.NODE_ENV !== 'production';
}

export function mountConsole(app: express.Express, cfg: GatewayConfig, log: Logger, dist = cfg.CONSOLE_DIST ?? CONSOLE_DIST): void {
  const dev = devTokensEnabled(cfg);
  app.get('/console/config.json', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({
      timeZone: cfg.TIME_ZONE, tileUrl: cfg.CONSOLE_TILE_URL ?? null, devTokens: dev, pollMs: cfg.CONSOLE_POLL_MS,
      utilityKinds: cfg.UTILITY_KINDS, outagePage: cfg.CONSOLE_OUTAGE_PAGE, networkTileMaxZoom: cfg.CONSOLE_NETWORK_TILE_MAX_ZOOM,
    });
  });
  app.post('/console/dev-token', express.json({ limit: '1kb' }), (req, res) => {
    if (!dev) return res.status(404).json({ error: 'dev tokens are off (development mode only)' });
    const role = req.body?.role as Role;
    const department = (req.body?.department ?? null) as DepartmentCode | null;
    if (!DEV_ROLES.includes(role)) return res.status(400).json({ error: `role must be one of ${DEV_ROLES.join(', ')}` });
    if (department !== null && !/^[A-Z_]{2,30}$/.test(String(department))) return res.status(400).json({ error: 'department must be a department code such as WORKS' });
    const sub = `dev-${role}`;
    res.json({ token: signUserToken({ sub, name: sub, roles: [role], department }, cfg.JWT_SECRET) });
  });
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) log.warn({ dist }, 'console not built (npm run build:console); / answers 404');
  app.use(express.static(dist, { index: false, immutable: true, maxAge: '365d' }));
  app.get(/.*/, (req, res, next) => {
    if (NOT_APP.test(req.path)) return next();
    if (!fs.existsSync(index)) return res.status(404).type('text/plain').send('console not built: npm run build:console');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
