// The console in a real browser (Debian's Chromium, headless) against the real stack: sign-in per role,
// the map deep link against the API's isolation plan, a valve marked inoperable, the 5,000-person rule,
// intake inside a known outage, a department's queue, the supervisor's report, the outage list's pages.
// The browser runs in New York time: every time shown and typed must still be the utility's (Asia/Shanghai).
// Screenshots of every screen go to test-output/console/ (git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Browser, chromium, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/src/console-build';
import { ROOT } from '../../infra/src/stack';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium } from '../support/chromium';
import { E2EStack, startE2EStack } from '../support/e2e-stack';
import { testPg } from '../support/env';
import { dateInZone, formatInZone } from '../../web/src/zoned-time';

/** The browser's zone, far from the utility's. */
const BROWSER_TZ = 'America/New_York';
const UTILITY_TZ = 'Asia/Shanghai';
/** Outages per page of the list here: small, so a few outages make several pages. */
const OUTAGE_PAGE = 2;

const SHOTS = path.join(ROOT, 'test-output', 'console');
const fmt = (n: number) => n.toLocaleString('zh-CN');

describe('console in Chromium', () => {
  let s: E2EStack;
  let browser: Browser;
  let base: string;
  let networkId: string;
  let disp: string, sup: string, agent: string;
  let bigOutageId: string;

  const open = async (pathAndQuery: string, token: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: BROWSER_TZ });
    // The page's own errors in the test log: a map that never draws says why.
    page.on('console', (m) => { if (m.type() === 'error') process.stderr.write(`[browser ${pathAndQuery}] ${m.text()}\n`); });
    page.on('pageerror', (e) => process.stderr.write(`[browser ${pathAndQuery}] uncaught: ${e.message}\n`));
    await page.goto(`${base}${pathAndQuery}#token=${token}`);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const textIs = (page: Page, sel: string, text: string) => page.locator(sel, { hasText: new RegExp(`^${text}$`) }).waitFor();
  const mapReady = (page: Page) => page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 30000 });

  beforeAll(async () => {
    ensureChromium();
    await ensureConsoleBuilt(() => undefined);
    fs.mkdirSync(SHOTS, { recursive: true });
    [s, browser] = await Promise.all([
      // Two of the three kinds run: the intake must offer only those.
      startE2EStack('console', { extraEnv: { CONSOLE_DEV_TOKENS: 'true', CONSOLE_OUTAGE_PAGE: String(OUTAGE_PAGE), UTILITY_KINDS: 'WATER,HEAT' } }),
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
    ]);
    base = s.gatewayUrl.replace(/\/graphql$/, '');
    disp = s.token('dispatcher', 'NETWORK', 'e2e-dispatcher');
    sup = s.token('supervisor', 'SUPERVISION', 'e2e-supervisor');
    agent = s.token('agent', 'CALL_CENTER', 'e2e-agent');
    const content = fs.readFileSync(path.join(ROOT, 'infra', 'demo', 'yuncheng-town.geojson'), 'utf8');
    networkId = (await s.ok('mutation($i: ImportNetworkInput!) { importNetwork(input: $i) { id } }', { i: { name: '云城镇', format: 'GEOJSON', content } }, disp)).importNetwork.id;
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('serves the app on every route (history fallback) while /graphql stays the API', async () => {
    const deep = await fetch(`${base}/outages/some-id?x=1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ networks { id } }"}' })).status).toBe(401);
  });

  it('signs in as each role with the dev role picker and shows only that role’s screens', async () => {
    const expected: Record<string, string[]> = {
      dispatcher: ['map', 'outages'], agent: ['outages', 'intake', 'queue'], department: ['outages', 'queue'],
      supervisor: ['map', 'outages', 'intake', 'queue', 'reports'], admin: ['map', 'outages', 'intake', 'queue', 'reports'],
    };
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, timezoneId: BROWSER_TZ });
    for (const [role, nav] of Object.entries(expected)) {
      await page.goto(base + '/');
      await page.click(`[data-testid=dev-${role}]`);
      await page.waitForSelector('[data-testid=who]');
      const items = await page.$$eval('[data-testid^=nav-]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
      expect(items).toEqual(nav);
      await page.getByRole('button', { name: '退出' }).click();
      if (role === 'admin') await shot(page, 'signin');
    }
    await page.close();
  });

  it('the map deep link shows the valves and population the API gives for the pipe, and the plan grows when a valve is inoperable', async () => {
    const q = 'query($n: ID!, $p: [ID!]) { isolationPlan(networkId: $n, pipeIds: $p) { valvesToClose { id } skippedValves { id } population } }';
    const api = (await s.ok(q, { n: networkId, p: ['PH11'] }, disp)).isolationPlan;
    expect(api.valvesToClose.length).toBeGreaterThan(0);
    const page = await open(`/map?network=${networkId}&pipes=PH11`, disp);
    await page.waitForSelector('[data-testid=plan-population]');
    expect(page.url()).not.toContain('token=');
    expect(await page.textContent('[data-testid=plan-population]')).toBe(fmt(api.population));
    const shown = await page.$$eval('[data-testid=plan-valves] tr[data-valve]', (rows) => rows.map((r) => r.getAttribute('data-valve')));
    expect(shown.sort()).toEqual(api.valvesToClose.map((v: { id: string }) => v.id).sort());
    await mapReady(page);
    // Every pipe of the network is drawn (the viewport fits the whole town), not only the plan's outline.
    const { network } = await s.ok('query($id: ID!) { network(id: $id) { pipeCount } }', { id: networkId }, disp);
    expect(await page.getAttribute('[data-testid=map]', 'data-pipes')).toBe(String(network.pipeCount));
    await shot(page, 'map');

    const seized = api.valvesToClose[0].id;
    await page.click(`[data-testid=inoperable-${seized}]`);
    await page.waitForSelector('[data-testid=plan-growth]');
    const grown = (await s.ok(q, { n: networkId, p: ['PH11'] }, disp)).isolationPlan;
    expect(grown.skippedValves.map((v: { id: string }) => v.id)).toContain(seized);
    expect(grown.population).toBeGreaterThan(api.population);
    await textIs(page, '[data-testid=plan-population]', fmt(grown.population));
    expect(await page.textContent('[data-testid=plan-growth]')).toContain(seized);
    await page.click('[data-testid=critical-toggle]');
    await page.waitForSelector('[data-testid=critical-list] tr');
    await shot(page, 'map-grown-critical');
    await page.close();
  });

  it('the map draws the network from the gateway’s vector tiles, and a click on a pipe plans for that pipe', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const tiles: number[] = [];
    page.on('response', (r) => { if (r.url().includes(`/tiles/${networkId}/`)) tiles.push(r.status()); });
    await page.goto(`${base}/map?network=${networkId}#token=${disp}`);
    await mapReady(page);
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((st) => st === 200 || st === 204)).toBe(true);
    // Where a pipe's midpoint is on screen, from the bounds the map shows (Web Mercator: linear in lon and in mercator y).
    const [west, south, east, north] = (await page.getAttribute('[data-testid=map]', 'data-bounds'))!.split(',').map(Number);
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const my = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    const all = (await s.ok('query($n: ID!) { pipesInBox(networkId: $n, box: { minLon: -180, minLat: -85, maxLon: 180, maxLat: 85 }) { id geometry } }', { n: networkId }, disp)).pipesInBox;
    const onScreen = all.map((pipe: { id: string; geometry: { coordinates: number[][] } }) => {
      const [a, b] = pipe.geometry.coordinates;
      const lon = (a[0] + b[0]) / 2, lat = (a[1] + b[1]) / 2;
      return { id: pipe.id, x: ((lon - west) / (east - west)) * box.width, y: ((my(north) - my(lat)) / (my(north) - my(south))) * box.height };
    }).filter((q: { x: number; y: number }) => q.x > 0.1 * box.width && q.x < 0.9 * box.width && q.y > 0.1 * box.height && q.y < 0.9 * box.height);
    const target = onScreen[0];
    expect(target).toBeDefined();
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await page.locator('[data-testid=plan] h2', { hasText: new RegExp(`：${target.id}$`) }).waitFor();
    await page.close();
  });

  it('an outage above 5,000 people shows announce blocked until the regulator approval is recorded', async () => {
    let page = await open(`/map?network=${networkId}&pipes=P-R1`, disp);
    await page.waitForSelector('[data-testid=regulator-banner]');
    await page.click('[data-testid=plan-outage]');
    await page.waitForSelector('[data-testid=new-outage-impact]');
    await page.fill('[data-testid=outage-reason]', '水厂出水总管更换阀门');
    // Typed as the utility's wall clock (09:00 in Shanghai three days on), whatever the browser's zone.
    const day = dateInZone(new Date(Date.now() + 3 * 86_400_000), UTILITY_TZ);
    await page.fill('[data-testid=outage-starts]', `${day} 09:00`);
    await page.fill('[data-testid=outage-ends]', `${day} 17:30`);
    await page.click('[data-testid=outage-create]');
    await page.waitForURL(/\/outages\/[0-9a-f-]{36}$/);
    bigOutageId = page.url().split('/').pop()!;
    const times = (await s.ok('query($id: ID!) { outage(id: $id) { startsAt endsAt } }', { id: bigOutageId }, disp)).outage;
    expect(new Date(times.startsAt).toISOString()).toBe(new Date(`${day}T09:00:00+08:00`).toISOString());
    expect(new Date(times.endsAt).toISOString()).toBe(new Date(`${day}T17:30:00+08:00`).toISOString());
    // And shown back in the utility's zone, not New York's.
    await page.waitForSelector(`text=${formatInZone(times.startsAt, UTILITY_TZ)}`);
    await page.click('[data-testid=act-submit]');
    await textIs(page, '[data-testid=outage-status]', '已提交');
    await page.close();

    page = await open(`/outages/${bigOutageId}`, sup);
    await page.click('[data-testid=act-approve]');
    await page.waitForSelector('[data-testid=act-announce]');
    expect(await page.isDisabled('[data-testid=act-announce]')).toBe(true);
    const blocked = await page.textContent('[data-testid=act-announce-blocked]');
    const api = (await s.ok('query($id: ID!) { outage(id: $id) { impact { population } announceReadiness { blockers { message } } } }', { id: bigOutageId }, sup)).outage;
    expect(api.impact.population).toBeGreaterThan(5000);
    expect(api.announceReadiness.blockers.length).toBeGreaterThan(0);
    for (const b of api.announceReadiness.blockers) expect(blocked).toContain(b.message);
    expect(await page.textContent('[data-testid=outage-regulator]')).toContain('需报城市管理局审批');
    await shot(page, 'outage-blocked');
    await page.fill('[data-testid=reg-number]', '云城管停字〔2026〕118号');
    await page.fill('[data-testid=reg-url]', 'https://example.org/approval.pdf');
    await page.click('[data-testid=act-regulator]');
    await page.waitForSelector('[data-testid=act-announce]:not([disabled])');
    await page.click('[data-testid=act-announce]');
    await textIs(page, '[data-testid=outage-status]', '已公告');
    await page.waitForSelector('[data-testid=notices] tr td');
    await shot(page, 'outage-announced');
    await page.close();
  });

  it('a report inside a known outage is shown the outage and gets linked', async () => {
    // The crew closes the main valve from the outage page: the outage is in progress.
    let page = await open(`/outages/${bigOutageId}`, s.token('department', 'WORKS', 'crew-works'));
    await page.click('[data-testid=close-V-R1]');
    await textIs(page, '[data-testid=outage-status]', '停水中');
    await page.close();
    // The tickets service learns of it from outage.events; wait for its projection, not for a fixed time.
    const db = new Client({ connectionString: testPg().urlFor('mainline_e2e_console_tickets') });
    await db.connect();
    try {
      for (let i = 0; ; i++) {
        const r = await db.query(`SELECT 1 FROM outage_projection WHERE id = $1 AND last_event = 'outage.started'`, [bigOutageId]);
        if (r.rowCount) break;
        if (i > 300) throw new Error('tickets never saw outage.started');
        await new Promise((res) => setTimeout(res, 100));
      }
    } finally {
      await db.end();
    }

    page = await open('/intake', agent);
    // UTILITY_KINDS=WATER,HEAT here: gas is not offered.
    expect(await page.$$eval('[data-testid=intake-utility] option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['WATER', 'HEAT']);
    await page.fill('[data-testid=intake-location]', '112.0432, 22.9315');
    await page.waitForSelector('[data-testid=intake-known-outage]');
    await page.selectOption('[data-testid=intake-category]', 'NO_WATER');
    await page.fill('[data-testid=intake-name]', '王五');
    await page.fill('[data-testid=intake-phone]', '13800000009');
    await page.fill('[data-testid=intake-address]', '兴云路1号');
    await page.fill('[data-testid=intake-description]', '家里停水了');
    await mapReady(page);
    await shot(page, 'intake');
    await page.click('[data-testid=intake-submit]');
    await page.waitForSelector('[data-testid=intake-linked]');
    expect(await page.textContent('[data-testid=intake-status]')).toBe('已关联停水');
    await page.close();
  });

  it('an inquiry answered on the call is closed at once, with no dispatch clock', async () => {
    const page = await open('/intake', agent);
    await page.selectOption('[data-testid=intake-category]', 'INQUIRY');
    await page.fill('[data-testid=intake-description]', '咨询营业厅时间');
    await page.fill('[data-testid=intake-answer]', '营业时间 8:30–17:30');
    await page.click('[data-testid=intake-answer-close]');
    await page.waitForSelector('[data-testid=intake-done]');
    const number = (await page.textContent('[data-testid=intake-done] a'))!;
    const o = (await s.ok('query($f: WorkOrderFilter) { workOrders(filter: $f, first: 1) { items { number status category dispatchDueAt } } }', { f: { number } }, agent)).workOrders.items[0];
    expect(o).toMatchObject({ number, status: 'CLOSED', category: 'INQUIRY', dispatchDueAt: null });
    expect(await page.textContent('[data-testid=intake-status]')).toBe('已关闭');
    expect(await page.$('[data-testid=intake-dispatch]')).toBeNull();
    await page.close();
  });

  it('a department accepts and resolves an order in its queue', async () => {
    const wo = (await s.ok('mutation($i: CreateWorkOrderInput!) { createWorkOrder(input: $i) { id number department } }', {
      i: { category: 'LEAK', channel: 'PHONE', description: '路面渗水', address: '城中路20号', location: { lon: 112.0405, lat: 22.9301 } },
    }, agent)).createWorkOrder;
    await s.ok('mutation($id: ID!) { dispatchWorkOrder(id: $id) { status } }', { id: wo.id }, agent);
    const page = await open('/queue', s.token('department', wo.department, 'crew-1'));
    await page.waitForSelector(`tr[data-order="${wo.number}"]`);
    await shot(page, 'queue');
    await page.click(`[data-testid=accept-${wo.id}]`);
    await page.click(`[data-testid=arrive-${wo.id}]`);
    await page.fill(`[data-testid=result-${wo.id}]`, '更换接头，已止漏');
    await page.click(`[data-testid=resolve-${wo.id}]`);
    await page.waitForSelector(`tr[data-order="${wo.number}"]`, { state: 'detached' });
    await page.goto(`${base}/orders/${wo.number}`);
    await textIs(page, '[data-testid=order-status]', '已处理');
    await shot(page, 'order');
    const api = (await s.ok('query($id: ID!) { workOrder(id: $id) { status } }', { id: wo.id }, sup)).workOrder;
    expect(api.status).toBe('RESOLVED');
    await page.close();
  });

  it('the supervisor’s monthly report renders its charts', async () => {
    const page = await open('/reports', sup);
    await page.waitForSelector('[data-testid=chart-category] svg rect');
    const bars = await page.$$('[data-testid=chart-category] svg rect');
    const month = await page.inputValue('[data-testid=report-month]');
    const api = (await s.ok('query($m: String!) { monthlyReport(month: $m) { totalOrders byCategory { key } } }', { m: month }, sup)).monthlyReport;
    expect(bars.length).toBe(api.byCategory.length);
    expect(await page.textContent('[data-testid=report-total]')).toBe(String(api.totalOrders));
    await page.waitForSelector('[data-testid=chart-department] svg rect');
    // The period in the utility's zone (its first day is the day after the cut, in Shanghai).
    const period = (await s.ok('query($m: String!) { monthlyReport(month: $m) { periodStart } }', { m: month }, sup)).monthlyReport;
    expect(await page.textContent('[data-testid=report-period]')).toContain(dateInZone(period.periodStart, UTILITY_TZ));
    await shot(page, 'reports');
    await page.close();
  });

  it('the outage list pages through the API with "load more"', async () => {
    // Two small drafts beside the big outage: three outages, pages of two.
    for (const pipe of ['PH11', 'PH12']) {
      await s.ok('mutation($i: CreateOutageInput!) { createOutage(input: $i) { id } }', { i: {
        networkId, kind: 'PLANNED', pipeIds: [pipe], startsAt: new Date(Date.now() + 4 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 4.2 * 86_400_000).toISOString(),
        reason: `更换 ${pipe} 阀门`, worksUnit: 'WORKS' } }, disp);
    }
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page: { nodes: Array<{ number: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } =
        (await s.ok('query($a: String) { outages(first: 2, after: $a) { nodes { number } pageInfo { endCursor hasNextPage } } }', { a: after }, sup)).outages;
      all.push(...page.nodes.map((n) => n.number));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(all.length).toBeGreaterThan(OUTAGE_PAGE);
    const outages = await open('/outages', sup);
    const rows = () => outages.$$eval('[data-testid=outage-list] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    await outages.waitForSelector('[data-testid=outage-more]');
    expect(await rows()).toEqual(all.slice(0, OUTAGE_PAGE));
    while (await outages.$('[data-testid=outage-more]')) {
      const shown = (await rows()).length;
      await outages.click('[data-testid=outage-more]');
      await outages.locator('[data-testid=outage-list] tbody tr').nth(shown).waitFor();
    }
    expect(await rows()).toEqual(all);
    await shot(outages, 'outages');
    await outages.close();
  });

  it('a supervisor edits an SLA target and a routing rule on the report screen, and the API has them', async () => {
    const page = await open('/reports', sup);
    await page.click('[data-testid=settings] summary');
    await page.fill('[data-testid=target-COVER-resolve]', '2000');
    const answered = (op: string) => page.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes(op));
    await Promise.all([answered('SetSlaTarget'), page.click('[data-testid=save-COVER-resolve]')]);
    await page.selectOption('[data-testid=routing-COVER]', 'WORKS');
    await Promise.all([answered('SetRouting'), page.click('[data-testid=save-routing-COVER]')]);
    // Reloaded: the row is drawn again from the API's answer, with nothing left to save.
    await page.waitForSelector('[data-testid=save-routing-COVER]:disabled');
    const a = await s.ok('query { slaTargets { category kind minutes } routingTable { category department } }', {}, sup);
    expect(a.slaTargets.find((t: { category: string; kind: string }) => t.category === 'COVER' && t.kind === 'resolve')?.minutes).toBe(2000);
    expect(a.routingTable.find((r: { category: string }) => r.category === 'COVER')?.department).toBe('WORKS');
    expect(await page.inputValue('[data-testid=target-COVER-resolve]')).toBe('2000');
    await shot(page, 'settings');
    await page.close();
  });
});
