import { liaisonOnDuty, liaisonSms, validateShifts } from './liaison';

const TZ = 'Asia/Shanghai';
const bj = (s: string) => new Date(`2026-03-02T${s}+08:00`);
const shifts = [
  { start: '08:00', end: '17:30', name: '王工', phone: '13700000001' },
  { start: '17:30', end: '08:00', name: '夜班李工', phone: '13700000002' }, // over midnight
];

describe('the liaison on duty', () => {
  it('is the one whose shift covers the local time; a night shift runs over midnight', () => {
    expect(liaisonOnDuty(shifts, bj('08:00:00'), TZ)?.name).toBe('王工');
    expect(liaisonOnDuty(shifts, bj('17:29:59'), TZ)?.name).toBe('王工');
    expect(liaisonOnDuty(shifts, bj('17:30:00'), TZ)?.name).toBe('夜班李工');
    expect(liaisonOnDuty(shifts, bj('23:59:00'), TZ)?.name).toBe('夜班李工');
    // 02:00 in Shanghai is 18:00 UTC the day before: the local time decides.
    expect(liaisonOnDuty(shifts, new Date('2026-03-01T18:00:00Z'), TZ)?.name).toBe('夜班李工');
    expect(liaisonOnDuty([shifts[0]], bj('20:00:00'), TZ)).toBeNull();
    expect(liaisonOnDuty([{ start: '00:00', end: '24:00', name: '全天', phone: '13700000003' }], bj('23:59:00'), TZ)?.name).toBe('全天');
  });

  it('shifts are checked: times, names, phones, no overlap (INVALID_INPUT naming the liaison)', () => {
    expect(() => validateShifts(shifts)).not.toThrow();
    const arg = (s: Parameters<typeof validateShifts>[0]) => {
      try {
        validateShifts(s);
      } catch (e) {
        return (e as { details: { argument: string } }).details.argument;
      }
      return null;
    };
    expect(arg([{ ...shifts[0], start: '8:00' }])).toBe('liaisons[0].start');
    expect(arg([{ ...shifts[0], end: '25:00' }])).toBe('liaisons[0].end');
    expect(arg([{ ...shifts[0], end: '08:00' }])).toBe('liaisons[0].end');
    expect(arg([{ ...shifts[0], name: ' ' }])).toBe('liaisons[0].name');
    expect(arg([{ ...shifts[0], phone: 'call me' }])).toBe('liaisons[0].phone');
    expect(arg([shifts[0], { ...shifts[1], start: '17:00' }])).toBe('liaisons[1]');
    expect(arg([shifts[1], { start: '07:00', end: '09:00', name: '早班', phone: '13700000004' }])).toBe('liaisons[1]');
  });

  it('the SMS names the order, its category, address and accept deadline — never the caller', () => {
    const t = liaisonSms({ number: 'WO-2026-000123', categoryLabel: { zh: '漏水', en: 'Leak' }, address: '人民路1号', acceptDueAt: bj('10:20:00') }, TZ);
    expect(t.zh).toBe('【派单】工单 WO-2026-000123（漏水，人民路1号）已派至贵部门，请于 03/02 10:20 前接单。');
    expect(t.en).toBe('[Dispatch] Work order WO-2026-000123 (Leak, 人民路1号) has been dispatched to your department; accept by 03/02 10:20.');
  });
});
