import { Clock, ForbiddenError, hasRole, Identity, InvalidInputError } from '@mainline/common';
import type { PersonalDataReadRow, PersonalDataRepository } from '../repositories/personal-data.repository';

export interface PhoneReadFilter {
  orderId?: string | null;
  readerId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const cursorOf = (r: PersonalDataReadRow) => Buffer.from(JSON.stringify([r.at.toISOString(), r.id])).toString('base64url');
function decode(after: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^\d{1,19}$/.test(id)) return { at: new Date(at), id };
  } catch {
    // fall through: a malformed cursor is the caller's mistake
  }
  throw new InvalidInputError(`游标 "${after}" 无效 / cursor "${after}" is not valid`, { argument: 'after' });
}

/** The audit of reads of callers' phones: written by the reads themselves, listed for supervisors. */
export class PersonalDataService {
  constructor(private readonly repo: PersonalDataRepository, private readonly clock: Clock) {}

  /** Logs that `reader` read the phone (`field`: the reporter's, or a group job's representative's) of each of `orderIds` (one statement for all of them). */
  recordPhoneReads(reader: Identity, orderIds: readonly string[], requestId: string | null, field = 'reporter.phone'): Promise<void> {
    const at = this.clock.now();
    return this.repo.record(orderIds.map((orderId) => ({
      orderId, field, readerId: reader.sub, readerRoles: [...reader.roles], readerDepartment: reader.department, requestId, at,
    })));
  }

  async phoneReads(actor: Identity, f: PhoneReadFilter, first: number, after?: string | null): Promise<{ items: PersonalDataReadRow[]; nextCursor: string | null }> {
    if (!hasRole(actor, 'supervisor', 'admin')) throw new ForbiddenError('只有监督员和管理员可以查看电话查阅记录 / only supervisors and admins read the phone-read log');
    if (!Number.isInteger(first) || first < 1 || first > 500) throw new InvalidInputError('first 必须在 1 到 500 之间 / first must be 1…500', { argument: 'first' });
    const rows = await this.repo.list({ ...f, before: after ? decode(after) : null, limit: first + 1 });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? cursorOf(items[items.length - 1]) : null };
  }
}
