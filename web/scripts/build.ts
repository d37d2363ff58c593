// Codegen, then the production bundle (vite build in a child: vite is ESM-only).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from './codegen';

const WEB = path.resolve(__dirname, '..');
const out = path.join(WEB, 'src', 'api', 'generated.ts');
const text = generate(fs.readFileSync(path.join(WEB, '..', 'gateway', 'supergraph.graphql'), 'utf8'), fs.readFileSync(path.join(WEB, 'src', 'api', 'operations.graphql'), 'utf8'));
if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
const r = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('vite/package.json', { paths: [WEB] })), 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
process.exit(r.status ?? 1);
