import { parseTilePath } from './tile-address';

const NET = '0b5c9a4e-3f7d-4c2a-9e51-6a2f0c8d1b3e';
const argumentOf = (segments: string[]) => {
  try {
    parseTilePath(segments, 18);
  } catch (e) {
    return { argument: (e as { details: { argument: string } }).details.argument, message: (e as Error).message };
  }
  return null;
};

describe('tile paths', () => {
  it('reads the network and the tile', () => {
    expect(parseTilePath([NET, '18', '215837', '99333.mvt'], 18)).toEqual({ networkId: NET, tile: { z: 18, x: 215837, y: 99333 } });
    expect(parseTilePath([NET, '0', '0', '0.mvt'], 18).tile).toEqual({ z: 0, x: 0, y: 0 });
  });

  it('names the bad part, Chinese first', () => {
    expect(argumentOf(['not-a-uuid', '1', '0', '0.mvt'])).toMatchObject({ argument: 'networkId', message: expect.stringMatching(/^参数 networkId 无效：.+ \/ invalid argument networkId/) });
    expect(argumentOf([NET, '19', '0', '0.mvt'])?.argument).toBe('z');
    expect(argumentOf([NET, '-1', '0', '0.mvt'])?.argument).toBe('z');
    expect(argumentOf([NET, '1.5', '0', '0.mvt'])?.argument).toBe('z');
    expect(argumentOf([NET, '2', '4', '0.mvt'])?.argument).toBe('x');
    expect(argumentOf([NET, '2', '3', '4.mvt'])?.argument).toBe('y');
    expect(argumentOf([NET, '2', '3', '3.png'])?.argument).toBe('y');
    expect(argumentOf([NET, '2', '03', '3.mvt'])?.argument).toBe('x');
    expect(argumentOf([NET, '2', '3'])?.argument).toBe('path');
  });
});
