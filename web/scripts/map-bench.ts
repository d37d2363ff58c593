// Map drawing time: bundles bench/index.html (the console's own layers), serves it on a local port and
// times it in headless Chromium with software WebGL (SwiftShader), as the browser tests run it.
// `npm run -s map-bench -w @mainline/web [-- 100000]`; MAP_BENCH_PORT picks the port (default 31090).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium } from '../../test/support/chromium';

const WEB = path.resolve(__dirname, '..');
const OUT = path.join(WEB, '..', '.data', 'map-bench');
const N = Number(process.argv[2] ?? 100000);
const PORT = Number(process.env.MAP_BENCH_PORT ?? 31090);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function main(): Promise<void> {
  ensureChromium();
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [WEB] })), 'bin', 'vite.js');
  const b = spawnSync(process.execPath, [vite, 'build', 'bench', '--outDir', OUT, '--emptyOutDir', '--base', './', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (b.status !== 0) throw new Error('bench bundle failed');
  const server = http.createServer((req, res) => {
    const file = path.join(OUT, path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^[/\\]+/, ''));
    if (!file.startsWith(OUT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((res) => server.listen(PORT, '127.0.0.1', res));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${PORT}/index.html?n=${N}`);
    await page.waitForFunction('window.benchResult', undefined, { timeout: 300000, polling: 500 });
    const r = await page.evaluate('window.benchResult');
    console.log(JSON.stringify({ ...(r as object), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, date: new Date().toISOString().slice(0, 10) }));
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
