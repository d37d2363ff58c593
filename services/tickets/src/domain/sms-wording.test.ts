import { acceptedSms, resolvedSms, smsTime, surveySms } from './sms-wording';

const due = new Date('2026-03-02T01:40:00Z'); // 09:40 in Beijing

describe('SMS wording', () => {
  it('formats times in the utility zone, month/day and 24 h clock', () => {
    expect(smsTime(due, 'Asia/Shanghai')).toBe('03/02 09:40');
    expect(smsTime(new Date('2026-03-02T16:05:00Z'), 'Asia/Shanghai')).toBe('03/03 00:05');
    expect(smsTime(due, 'UTC')).toBe('03/02 01:40');
  });

  it('accepted: names the expected on-site time, else the reply time, else no time', () => {
    expect(acceptedSms({ number: 'WO-1', onSiteDueAt: due, resolveDueAt: new Date('2026-03-03T01:00:00Z') }, 'Asia/Shanghai')).toEqual({
      zh: '您反映的问题（工单 WO-1）已受理，预计到场时间 03/02 09:40。',
      en: 'Your report WO-1 has been accepted; expected on site by 03/02 09:40.',
    });
    expect(acceptedSms({ number: 'WO-2', onSiteDueAt: null, resolveDueAt: due }, 'Asia/Shanghai')).toEqual({
      zh: '您反映的问题（工单 WO-2）已受理，预计答复时间 03/02 09:40。',
      en: 'Your report WO-2 has been accepted; expected reply by 03/02 09:40.',
    });
    expect(acceptedSms({ number: 'WO-3', onSiteDueAt: null, resolveDueAt: null }, 'Asia/Shanghai')).toEqual({
      zh: '您反映的问题（工单 WO-3）已受理。', en: 'Your report WO-3 has been accepted.',
    });
  });

  it('resolved and survey texts carry the order number, Chinese first', () => {
    expect(resolvedSms({ number: 'WO-4' })).toEqual({ zh: '您反映的问题（工单 WO-4）已处理完毕。', en: 'Your report WO-4 has been resolved.' });
    expect(surveySms({ number: 'WO-5' }).zh).toBe('工单 WO-5 已办结，满意请回复 1，不满意请回复 2。');
    expect(surveySms({ number: 'WO-5' }).en).toBe('Order WO-5 is resolved. Reply 1 if satisfied, 2 if not.');
  });
});
