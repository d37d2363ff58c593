// The month before the first start: the desk's work orders over the past 30 days (water mostly, a few heat and
// gas), each taken to its state by the tickets service's own WorkOrderService and SLA sweep, run here in
// process against the tickets database with a clock that steps through those days. The API refuses a
// `reportedAt` further back than REPORTED_AT_MAX_BACKDATE_HOURS (a client may not rewrite the past), so the
// loader replays the past with the service's code instead: the same rules, history rows, clocks, warnings,
// breaches and outbox events (the running tickets service's relay publishes them) as if it had happened.
import { connectAndMigrate, createDataSource, createLogger, Identity, ManualClock } from '@mainline/common';
import type { DepartmentCode } from '@mainline/common';
import { mulberry32 } from '@mainline/common/domain';
import { buildTickets, entities, migrations } from '@mainline/tickets/src/app';
import { loadTicketsConfig, ticketsSettings } from '@mainline/tickets/src/config';
import type { WorkOrderEntity } from '@mainline/tickets/src/entities/work-order.entity';
import type { CreateWorkOrder } from '@mainline/tickets/src/services/work-order.service';
import { DEMO_CITY_SEED, DemoCity } from './demo-city';
import { PEOPLE } from './demo-gql';
import { demoLocalDate, DemoGas, DemoHeat } from './demo-heat-gas';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** How far back the history goes. */
export const HISTORY_DAYS = 30;

type Target =
  | 'NEW' | 'DISPATCHED' | 'ACCEPTED' | 'ON_SITE' | 'WAITING_CUSTOMER' | 'EXTENSION_REQUESTED' | 'EXTENSION_APPROVED'
  | 'EXTENSION_REJECTED' | 'RESOLVED' | 'CALLED_BACK' | 'REOPENED' | 'CLOSED' | 'RETURNED' | 'MERGED' | 'CANCELLED';

/** How many water orders end in each state: most are done, a working day's worth are open. */
const TARGETS: Array<[Target, number]> = [
  ['CLOSED', 34], ['CALLED_BACK', 10], ['RESOLVED', 12], ['REOPENED', 4], ['ON_SITE', 9], ['ACCEPTED', 9],
  ['DISPATCHED', 10], ['NEW', 8], ['WAITING_CUSTOMER', 4], ['EXTENSION_REQUESTED', 5], ['EXTENSION_APPROVED', 3],
  ['EXTENSION_REJECTED', 2], ['RETURNED', 4], ['MERGED', 3], ['CANCELLED', 3],
];

/**
 * When each state's orders were reported, in hours before the load: the done ones over the whole month, the
 * open ones recent enough to be in their clocks (some warned, some breached, most on time).
 */
const REPORTED_HOURS_AGO: Record<Target, [number, number]> = {
  NEW: [0.02, 0.1], DISPATCHED: [0.05, 0.6], ACCEPTED: [0.2, 2], ON_SITE: [1, 22], WAITING_CUSTOMER: [3, 48],
  EXTENSION_REQUESTED: [8, 40], EXTENSION_APPROVED: [24, 96], EXTENSION_REJECTED: [24, 96], RESOLVED: [20, 72],
  CALLED_BACK: [30, 6 * 24], REOPENED: [48, 12 * 24], CLOSED: [36, HISTORY_DAYS * 24], RETURNED: [1, 10],
  MERGED: [0, 0], CANCELLED: [2, HISTORY_DAYS * 24],
};

const CATEGORIES: Array<[string, number, string[]]> = [
  ['LEAK', 14, ['人行道渗水，地面长期湿滑', '路边井盖旁冒水', '消火栓底部漏水', '阀门井内漏水']],
  ['BURST', 4, ['路面冒水，疑似爆管', '水管爆裂，水流到马路上']],
  ['WATER_QUALITY', 9, ['自来水发黄有异味', '水有漂白粉味', '放水后水浑浊']],
  ['CUSTOMER_PRESSURE', 8, ['家里水压很小，楼上几乎没水', '热水器打不着，水压低']],
  ['METER_FAULT', 8, ['水表不走字', '水表玻璃破裂，看不清读数']],
  ['METER_BOX', 6, ['表箱内漏水', '水表冻裂漏水']],
  ['BILLING', 12, ['本月水费异常偏高，请核查抄表读数', '缴费后账单未更新', '咨询阶梯水价计费']],
  ['RECONNECTION', 4, ['已补缴欠费，申请恢复供水']],
  ['COVER', 5, ['井盖缺失，存在安全隐患', '井盖松动，车辆经过响声大']],
  ['SUPPLY_DIFFICULTY', 3, ['新楼盘申请报装接水', '二次供水设施故障']],
  ['WORKS_QUALITY', 3, ['施工后路面未恢复', '施工围挡占道未撤']],
  ['COMPLAINT', 5, ['抄表员态度恶劣', '维修人员未按约定时间上门']],
  ['INQUIRY', 6, ['咨询停水安排', '咨询过户手续']],
];
/** Heat and gas orders of the month, all done (closed or called back), in kinds without a reply or visit step. */
const UTILITY_HISTORY: Array<{ utility: 'HEAT' | 'GAS'; category: string; n: number; texts: string[]; result: string }> = [
  { utility: 'HEAT', category: 'HEAT_LEAK', n: 4, texts: ['暖气管道接头滴水', '楼道暖气立管漏水'], result: '已更换管件，试压无渗漏' },
  { utility: 'HEAT', category: 'HEAT_REPAIR', n: 4, texts: ['暖气片跑风阀漏气', '暖气阀门拧不动'], result: '已更换阀门' },
  { utility: 'HEAT', category: 'HEAT_LOSS', n: 2, texts: ['整栋楼暖气不热'], result: '换热站循环泵故障已修复，恢复供热' },
  { utility: 'GAS', category: 'GAS_ALARM', n: 3, texts: ['厨房燃气报警器响，闻到燃气味', '楼道里有燃气味'], result: '关闭表前阀，更换胶管，检漏合格后恢复用气' },
  { utility: 'GAS', category: 'GAS_APPLIANCE', n: 3, texts: ['燃气热水器点不着火', '燃气灶火焰发黄'], result: '已清理灶具喷嘴，燃烧正常' },
  { utility: 'GAS', category: 'GAS_SERVICE', n: 2, texts: ['长期外出回来，申请启封点火'], result: '已启封点火，检漏合格' },
];
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '梁'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂兰', '建华'];
const CHANNELS = ['PHONE', 'PHONE', 'PHONE', 'PHONE', 'WECHAT', 'WECHAT', 'WEB', 'VISIT', 'GOVERNMENT', 'LETTER'];
const RESULTS: Record<string, string> = {
  LEAK: '已更换管件，漏点修复', BURST: '已停水抢修，更换管段 2 米', WATER_QUALITY: '已取样化验，水质合格，已冲洗管道',
  CUSTOMER_PRESSURE: '用户户内阀门未全开，已调整', METER_FAULT: '已更换水表', METER_BOX: '已更换表前阀', BILLING: '已复核读数并更正账单',
  RECONNECTION: '已恢复供水', COVER: '已补装井盖', SUPPLY_DIFFICULTY: '已安排报装勘查', WORKS_QUALITY: '已督促施工单位恢复路面',
  COMPLAINT: '已约谈当事人并向用户致歉', INQUIRY: '已电话答复',
};

type Step = 'dispatch' | 'grantReturn' | 'return' | 'accept' | 'arrive' | 'wait' | 'requestExtension' | 'decide' | 'resolve' | 'callback' | 'close' | 'merge' | 'cancel';

const STEPS: Record<Target, Step[]> = {
  NEW: [], MERGED: ['merge'], CANCELLED: ['cancel'], DISPATCHED: ['dispatch'], RETURNED: ['dispatch', 'grantReturn', 'return'],
  ACCEPTED: ['dispatch', 'accept'], ON_SITE: ['dispatch', 'accept', 'arrive'], WAITING_CUSTOMER: ['dispatch', 'accept', 'arrive', 'wait'],
  EXTENSION_REQUESTED: ['dispatch', 'accept', 'arrive', 'requestExtension'],
  EXTENSION_APPROVED: ['dispatch', 'accept', 'arrive', 'requestExtension', 'decide'],
  EXTENSION_REJECTED: ['dispatch', 'accept', 'arrive', 'requestExtension', 'decide'],
  RESOLVED: ['dispatch', 'accept', 'arrive', 'resolve'], CALLED_BACK: ['dispatch', 'accept', 'arrive', 'resolve', 'callback'],
  REOPENED: ['dispatch', 'accept', 'arrive', 'resolve', 'callback'], CLOSED: ['dispatch', 'accept', 'arrive', 'resolve', 'callback', 'close'],
};

interface Planned {
  target: Target;
  utility: 'WATER' | 'HEAT' | 'GAS';
  input: CreateWorkOrder;
  result: string;
  reportedAt: number;
  /** A duplicate is merged into this order (its index in the plan). */
  into?: number;
  /** A random figure of its own per step, drawn at planning time so the plan does not depend on the run. */
  draws: number[];
}

/** The month's orders and when each was reported, the same on every load (only `now` moves it in time). */
export function planHistory(city: DemoCity, heat: DemoHeat, gas: DemoGas, now: Date): Planned[] {
  const rnd = mulberry32(DEMO_CITY_SEED + 1);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const weighted = CATEGORIES.flatMap(([c, w]) => Array(w).fill(c) as string[]);
  const reporter = () => ({ name: pick(SURNAMES) + pick(GIVEN), phone: `138${String(10000000 + Math.floor(rnd() * 89999999)).slice(0, 8)}` });
  const draws = () => Array.from({ length: 12 }, () => rnd());
  const ago = ([a, b]: [number, number]) => now.getTime() - (a + rnd() * (b - a)) * HOUR;
  const plan: Planned[] = [];
  for (const [target, n] of TARGETS) {
    for (let i = 0; i < n; i++) {
      let category = pick(weighted);
      // Inquiries are answered and closed without a resolve deadline or a callback.
      while (category === 'INQUIRY' && !['NEW', 'DISPATCHED', 'ACCEPTED', 'MERGED', 'CANCELLED'].includes(target)) category = pick(weighted);
      // Away from the emergency's block (x 30–37, y 6–13): a pressure call there would be linked to it.
      let x = Math.floor(rnd() * 46);
      const y = Math.floor(rnd() * 40);
      if (x >= 28 && x <= 38 && y >= 5 && y <= 14) x -= 12;
      const at = city.addressAt(x, y);
      plan.push({
        target, utility: 'WATER', result: RESULTS[category] ?? '已处理', reportedAt: ago(REPORTED_HOURS_AGO[target]), draws: draws(),
        input: {
          category: category as CreateWorkOrder['category'], channel: pick(CHANNELS) as CreateWorkOrder['channel'], description: pick(CATEGORIES.find(([c]) => c === category)![2]),
          address: at.address, location: { lon: at.lon, lat: at.lat }, reporter: reporter(),
          ...(category === 'COMPLAINT' ? { complaintTarget: 'STAFF' as CreateWorkOrder['complaintTarget'], complaintSubjectDepartment: 'METER' as CreateWorkOrder['complaintSubjectDepartment'] } : {}),
        },
      });
    }
  }
  for (const u of UTILITY_HISTORY) {
    for (let i = 0; i < u.n; i++) {
      const at = u.utility === 'HEAT' ? pick(heat.compounds) : pick(gas.customers);
      plan.push({
        target: i % 3 === 2 ? 'CALLED_BACK' : 'CLOSED', utility: u.utility, result: u.result, reportedAt: ago([2 * 24, HISTORY_DAYS * 24]), draws: draws(),
        input: { utility: u.utility, category: u.category as CreateWorkOrder['category'], channel: 'PHONE' as CreateWorkOrder['channel'], description: pick(u.texts),
          address: at.address, location: { lon: at.lon, lat: at.lat }, reporter: reporter() },
      });
    }
  }
  // Interleave so the queues are a mix rather than blocks of one state.
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }
  // A duplicate is reported shortly after the open order it repeats, of the same kind of problem.
  const open = plan.map((p, i) => ({ p, i })).filter(({ p }) => p.target === 'DISPATCHED' && p.utility === 'WATER' && p.input.category !== 'INQUIRY');
  plan.forEach((p, k) => {
    if (p.target !== 'MERGED') return;
    const { p: orig, i } = open[k % open.length];
    p.into = i;
    p.input = { ...p.input, category: orig.input.category, description: `${orig.input.description}（重复来电）`, address: orig.input.address, location: orig.input.location };
    p.reportedAt = Math.min(orig.reportedAt + (5 + p.draws[11] * 40) * MIN, now.getTime() - 2 * MIN);
  });
  return plan;
}

export interface HistorySummary {
  water: number;
  heat: number;
  gas: number;
  /** Distinct local days with a report. */
  days: number;
  ms: number;
}

/**
 * Writes the month through the tickets service's code, before the tickets service starts (so none of its jobs
 * sweeps a clock of the past while the month is half written): `ticketsEnv` is the environment the service will
 * be given (its database, topic prefix, every rule's setting). Migrates the database as the service would; does
 * nothing (null) when it holds orders already.
 */
export async function loadHistory(ticketsEnv: NodeJS.ProcessEnv, city: DemoCity, heat: DemoHeat, gas: DemoGas, now: Date): Promise<HistorySummary | null> {
  const t0 = Date.now();
  const cfg = loadTicketsConfig({ ...process.env, ...ticketsEnv });
  const log = createLogger('demo-history', 'warn');
  const ds = createDataSource({ url: cfg.DATABASE_URL, entities, migrations, poolSize: 2, log });
  await connectAndMigrate(ds, log);
  try {
    if ((await ds.query('SELECT 1 FROM work_order LIMIT 1')).length) return null;
    const plan = planHistory(city, heat, gas, now);
    const clock = new ManualClock(new Date(Math.min(...plan.map((p) => p.reportedAt))));
    const settings = { ...ticketsSettings(cfg), report: { ...ticketsSettings(cfg).report, job: false } };
    // No relay here: the outbox rows are published by the running tickets service's relay.
    const { services, scheduler } = buildTickets(ds, settings, clock, log);
    const wos = services.workOrders;
    const orders: Array<WorkOrderEntity | null> = plan.map(() => null);
    const next = plan.map(() => 0);
    const dueAt: Array<number> = plan.map((p) => p.reportedAt);
    const latest = now.getTime() - MIN;
    const agent: Identity = PEOPLE.agent;
    const crew = (wo: WorkOrderEntity): Identity => PEOPLE.department(wo.department as DepartmentCode);

    /** When the order's next step happens, from its state now (a step never after the load). */
    const schedule = (i: number, at: number) => {
      const p = plan[i];
      const wo = orders[i]!;
      const step = STEPS[p.target][next[i]];
      const r = p.draws[next[i]];
      const since = (a: number, b: number) => at + (a + r * (b - a)) * MIN;
      const toward = (due: Date | null, fallback: [number, number]) => {
        if (!due) return since(...fallback);
        // Most meet the deadline; about one in five is late (breached).
        const span = due.getTime() - wo.createdAt.getTime();
        const f = r < 0.2 ? 1.05 + r * 3 : 0.3 + (r - 0.2) * 0.75;
        return Math.max(at + 5 * MIN, wo.createdAt.getTime() + span * f);
      };
      let t: number;
      switch (step) {
        case 'dispatch': t = since(r < 0.1 ? 6 : 1, r < 0.1 ? 15 : 4); break;
        case 'accept': t = r < 0.12 ? since(22, 45) : since(2, 16); break;
        case 'arrive': t = wo.onSiteDueAt ? toward(wo.onSiteDueAt, [15, 80]) : since(15, 90); break;
        case 'resolve': t = toward(wo.reopenedAt && !wo.revisitResolvedAt ? wo.revisitDueAt : wo.resolveDueAt, [60, 600]); break;
        case 'callback': t = since(3 * 60, 30 * 60); break;
        case 'close': t = since(60, 10 * 60); break;
        case 'decide': t = since(60, 4 * 60); break;
        default: t = since(10, 60);
      }
      // Steps that would fall after the load are taken just before it, in order.
      dueAt[i] = Math.min(t, Math.max(at + 30_000, latest - (1 - r) * 20 * MIN));
      if (dueAt[i] > latest) dueAt[i] = at + 1000;
    };

    const perform = async (i: number): Promise<void> => {
      const p = plan[i];
      if (!orders[i]) {
        orders[i] = await wos.create(agent, p.input);
      } else {
        const wo = orders[i]!;
        const step = STEPS[p.target][next[i]++];
        switch (step) {
          case 'dispatch': orders[i] = await wos.dispatch(agent, wo.id); break;
          case 'grantReturn': orders[i] = await wos.grantReturnPermission(agent, wo.id); break;
          case 'return': orders[i] = await wos.returnOrder(crew(wo), wo.id, '经核实属其他部门职责范围，请重新派单'); break;
          case 'accept': orders[i] = await wos.accept(crew(wo), wo.id); break;
          case 'arrive': orders[i] = await wos.arriveOnSite(crew(wo), wo.id); break;
          case 'wait': orders[i] = await wos.waitForCustomer(crew(wo), wo.id, '用户不在家，已约定明日上门'); break;
          case 'requestExtension': orders[i] = await wos.requestExtension(crew(wo), wo.id,
            new Date((wo.resolveDueAt ?? clock.now()).getTime() + 24 * HOUR), '需协调交警占道施工许可，申请延期 24 小时'); break;
          case 'decide': {
            const approved = p.target === 'EXTENSION_APPROVED';
            orders[i] = await wos.decideExtension(PEOPLE.supervisor, wo.id, approved, approved ? '同意，注意做好围挡' : '不同意，请按时完成');
            break;
          }
          case 'resolve': orders[i] = await wos.resolve(crew(wo), wo.id, p.result); break;
          case 'callback': {
            const satisfied = p.target !== 'REOPENED';
            orders[i] = await wos.recordCallback(agent, wo.id, { satisfied, method: 'PHONE', comment: satisfied ? '用户表示满意' : '用户反映问题仍未解决' });
            break;
          }
          case 'close': orders[i] = await wos.close(agent, wo.id); break;
          case 'merge': orders[i] = await wos.merge(agent, wo.id, orders[p.into!]!.id); break;
          case 'cancel': orders[i] = await wos.cancel(agent, wo.id, '用户来电撤销：问题已自行解决'); break;
        }
      }
      if (next[i] < STEPS[p.target].length) schedule(i, clock.now().getTime());
      else dueAt[i] = Infinity;
    };

    for (;;) {
      let i = -1;
      for (let k = 0; k < plan.length; k++) if (dueAt[k] !== Infinity && (i < 0 || dueAt[k] < dueAt[i])) i = k;
      if (i < 0) break;
      const at = new Date(dueAt[i]);
      // The SLA sweep runs before each moment, as the service's own would have every few seconds.
      clock.set(at);
      await scheduler.sweep(at);
      try {
        await perform(i);
      } catch (e) {
        throw new Error(`demo history: ${plan[i].input.category} → ${plan[i].target}, step ${STEPS[plan[i].target][next[i] - 1] ?? 'create'} at ${at.toISOString()}: ${(e as Error).message}`);
      }
    }
    clock.set(now);
    await scheduler.sweep(now);
    const days = new Set(plan.map((p) => demoLocalDate(new Date(p.reportedAt), cfg.TIME_ZONE)));
    const count = (u: Planned['utility']) => plan.filter((p) => p.utility === u).length;
    return { water: count('WATER'), heat: count('HEAT'), gas: count('GAS'), days: days.size, ms: Date.now() - t0 };
  } finally {
    await ds.destroy();
  }
}
