// The tickets domain throws the one platform-free DomainError of common (docs/conventions.md §7).
import { invalidInput } from '@mainline/common/domain';

export { DomainError, invalidInput } from '@mainline/common/domain';

export function assertValidDate(value: unknown, where: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalidInput(`${where}: 不是有效时间 / not a valid Date`, { where });
  }
}
