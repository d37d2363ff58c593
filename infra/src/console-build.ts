// Builds the console (web/dist) when it is missing or older than its sources, so `npm ci && npm start`
// serves it with no second command; the e2e browser tests use the same check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './stack';

const WEB = path.join(ROOT, 'web');
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), path.join(WEB, 'package.json'), path.join(WEB, 'scripts'), path.join(ROOT, 'gateway', 'supergraph.graphql')];

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).filter((n) => n !== 'generated.ts').map((n) => newest(path.join(p, n))));
}

export function consoleIsStale(): boolean {
  const index = path.join(WEB, 'dist', 'index.html');
  if (!fs.existsSync(index)) return true;
  return Math.max(...SOURCES.map(newest)) > fs.statSync(index).mtimeMs;
}

export async function ensureConsoleBuilt(log: (m: string) => void): Promise<void> {
  if (!consoleIsStale()) return;
  log('building the console (web/dist)…');
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const out: string[] = [];
    const p = spawn(process.execPath, ['-r', '@swc-node/register', path.join(WEB, 'scripts', 'build.ts')], { cwd: WEB, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    p.stdout.on('data', (d) => out.push(String(d)));
    p.stderr.on('data', (d) => out.push(String(d)));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console build failed (exit ${code}):\n${out.join('').slice(-2000)}`))));
  });
  log(`console built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
