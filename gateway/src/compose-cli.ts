// Prints each subgraph's SDL (each in its own process: type-graphql keeps global metadata),
// composes the supergraph, and writes (--write) or verifies (--check) the committed files.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SUBGRAPHS, SubgraphName, SUPERGRAPH_PATH, composeSupergraph, sdlPath } from './supergraph';

const ROOT = path.resolve(__dirname, '..', '..');
const mode = process.argv.includes('--write') ? 'write' : 'check';

const sdls = {} as Record<SubgraphName, string>;
for (const name of SUBGRAPHS) {
  sdls[name] = execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'services', name, 'src', 'print-schema.ts')], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
}
let supergraph: string;
try {
  supergraph = composeSupergraph(sdls);
} catch (e) {
  process.stderr.write((e as Error).message + '\n');
  process.exit(1);
}
const files: Array<[string, string]> = [...SUBGRAPHS.map((n) => [sdlPath(n), sdls[n]] as [string, string]), [SUPERGRAPH_PATH, supergraph]];
if (mode === 'write') {
  for (const [f, text] of files) fs.writeFileSync(f, text);
  process.stdout.write('wrote ' + files.map(([f]) => path.relative(ROOT, f)).join(', ') + '\n');
} else {
  const stale = files.filter(([f, text]) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== text).map(([f]) => path.relative(ROOT, f));
  if (stale.length) {
    process.stderr.write(`schema files out of date: ${stale.join(', ')} — run \`npm run compose\` and commit them\n`);
    process.exit(1);
  }
  process.stdout.write('supergraph composes; committed SDL is current\n');
}
