import { alertsFor, noticeStatus, parseReceipt, type NoticeReceipt } from './receipts';
import { DomainError } from '@mainline/common/domain';

const r = (recipient: string, status: NoticeReceipt['status'], at = '2026-11-24T00:01:00Z', noticeId = 'k1', error?: string): NoticeReceipt => ({ noticeId, recipient, status, at, error });

describe('noticeStatus', () => {
  it('is PENDING with no receipts and PUBLISHED once a published channel confirms', () => {
    expect(noticeStatus([], 3)).toBe('PENDING');
    expect(noticeStatus([r('wechat:article-9', 'DELIVERED')], 0)).toBe('PUBLISHED');
    expect(noticeStatus([r('website', 'FAILED')], 0)).toBe('FAILED');
  });

  it('counts direct deliveries per recipient', () => {
    expect(noticeStatus([r('139', 'DELIVERED'), r('138', 'FAILED')], 3)).toBe('PARTIALLY_DELIVERED');
    expect(noticeStatus([r('139', 'DELIVERED'), r('138', 'DELIVERED'), r('137', 'DELIVERED')], 3)).toBe('DELIVERED');
    expect(noticeStatus([r('139', 'FAILED'), r('138', 'FAILED')], 2)).toBe('FAILED');
    expect(noticeStatus([r('139', 'FAILED')], 2)).toBe('PENDING');
  });

  it('lets a later successful retry override a failure, and does not double-count duplicates', () => {
    expect(noticeStatus([r('139', 'FAILED', '2026-11-24T00:01:00Z'), r('139', 'DELIVERED', '2026-11-24T00:05:00Z')], 1)).toBe('DELIVERED');
    expect(noticeStatus([r('139', 'DELIVERED'), r('139', 'DELIVERED')], 2)).toBe('PARTIALLY_DELIVERED');
  });
});

describe('alertsFor', () => {
  const notice = {
    noticeKey: 'k1', outageId: 'out-42', kind: 'OUTAGE' as const, audience: 'IMPORTANT_USER' as const, channel: 'SMS' as const,
    recipients: [{ id: 'iu-1', name: '市第一人民医院', phone: '08716000001' }, { id: 'iu-2', name: '幸福路小学', phone: '13800000002' }],
  };

  it('raises one alert per important user whose SMS finally failed', () => {
    const alerts = alertsFor(notice, [
      r('0871-6000001', 'FAILED', '2026-11-24T00:01:00Z', 'k1', 'UNDELIVERABLE'),
      r('13800000002', 'FAILED', '2026-11-24T00:01:00Z'),
      r('13800000002', 'DELIVERED', '2026-11-24T00:03:00Z'),
      r('08716000001', 'DELIVERED', '2026-11-24T00:03:00Z', 'other-notice'),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'IMPORTANT_USER_NOT_REACHED', outageId: 'out-42', error: 'UNDELIVERABLE', recipient: { id: 'iu-1' } });
    expect(alerts[0].message).toContain('市第一人民医院');
  });

  it('does not alert for residents', () => {
    expect(alertsFor({ ...notice, audience: 'RESIDENT' }, [r('13800000002', 'FAILED')])).toEqual([]);
  });
});

describe('parseReceipt', () => {
  it('names the bad field', () => {
    expect(() => parseReceipt({ noticeId: 'k1', recipient: '139', status: 'OK', at: '2026-11-24T00:00:00Z' })).toThrow(/receipt\.status/);
    expect(() => parseReceipt({ noticeId: 'k1', recipient: '139', status: 'FAILED', at: 'soon' })).toThrow(DomainError);
    expect(parseReceipt({ noticeId: 'k1', recipient: '139', status: 'FAILED', at: '2026-11-24T00:00:00Z' }).error).toBeNull();
  });
});
