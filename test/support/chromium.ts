// Debian's Chromium for the browser tests (Playwright's own browser downloads cannot work here):
// installed from Debian's packages when missing, with a CJK font so Chinese text renders.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const PACKAGES = ['chromium', 'fonts-wqy-microhei'];
const FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export function ensureChromium(log: (m: string) => void = (m) => process.stderr.write(`[chromium] ${m}\n`)): void {
  if (fs.existsSync(CHROMIUM) && fs.existsSync(FONT)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: install it with \`sudo apt-get install -y ${PACKAGES.join(' ')}\``);
  log(`installing ${PACKAGES.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'ignore', env });
}
