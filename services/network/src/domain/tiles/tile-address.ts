import { InvalidInputError } from '@mainline/common/domain';
import type { TileAddress } from './tile-geometry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^(0|[1-9][0-9]{0,9})$/;

const bad = (argument: string, zh: string, en: string) => new InvalidInputError(`参数 ${argument} 无效：${zh} / invalid argument ${argument}: ${en}`, { argument });

/**
 * The network and tile a `/tiles/<networkId>/<z>/<x>/<y>.mvt` path names, or INVALID_INPUT naming the first
 * bad part (the raw path segments as they came, so nothing is guessed).
 */
export function parseTilePath(segments: string[], maxZoom: number): { networkId: string; tile: TileAddress } {
  if (segments.length !== 4) throw bad('path', '应为 /tiles/<网络ID>/<z>/<x>/<y>.mvt', 'expected /tiles/<networkId>/<z>/<x>/<y>.mvt');
  const [networkId, zs, xs, last] = segments;
  if (!UUID.test(networkId)) throw bad('networkId', '须为 UUID', 'must be a UUID');
  if (!INTEGER.test(zs) || Number(zs) > maxZoom) throw bad('z', `须为 0 到 ${maxZoom} 的整数`, `must be an integer from 0 to ${maxZoom}`);
  const z = Number(zs);
  const n = 2 ** z;
  if (!INTEGER.test(xs) || Number(xs) >= n) throw bad('x', `在第 ${z} 级须为 0 到 ${n - 1} 的整数`, `must be an integer from 0 to ${n - 1} at zoom ${z}`);
  const m = /^(.*)\.mvt$/.exec(last);
  if (!m) throw bad('y', '须以 .mvt 结尾', 'must end in .mvt');
  if (!INTEGER.test(m[1]) || Number(m[1]) >= n) throw bad('y', `在第 ${z} 级须为 0 到 ${n - 1} 的整数`, `must be an integer from 0 to ${n - 1} at zoom ${z}`);
  return { networkId, tile: { z, x: Number(xs), y: Number(m[1]) } };
}
