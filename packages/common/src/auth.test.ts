import jwt from 'jsonwebtoken';
import { DomainError } from './errors';
import { signUserToken, verifiedUserToken, VerifiedTokenCache } from './auth';

const SECRET = 's'.repeat(32);
const caller = { sub: 'u1', name: '调度员', roles: ['dispatcher' as const], department: 'NETWORK' as const };

describe('VerifiedTokenCache', () => {
  it('answers a repeated token from the cache only until the token expires, then refuses it', () => {
    let verifications = 0;
    const cache = new VerifiedTokenCache((t) => (verifications++, verifiedUserToken(t, SECRET)), 100);
    const token = signUserToken(caller, SECRET, 60);
    const exp = (jwt.decode(token) as { exp: number }).exp * 1000;
    expect(cache.identity(token, exp - 60_000)).toEqual(caller);
    expect(cache.identity(token, exp - 1)).toEqual(caller);
    expect(verifications).toBe(1);
    expect(() => cache.identity(token, exp)).toThrow(DomainError);
  });

  it('keeps no refused token: a forged one is refused every time', () => {
    let verifications = 0;
    const cache = new VerifiedTokenCache((t) => (verifications++, verifiedUserToken(t, SECRET)), 100);
    const forged = signUserToken({ ...caller, roles: ['admin'] }, 'x'.repeat(32));
    expect(() => cache.identity(forged)).toThrow(/invalid or expired token/);
    expect(() => cache.identity(forged)).toThrow(/invalid or expired token/);
    expect(verifications).toBe(2);
  });

  it('shares frozen identities, so no request can change what the next one sees', () => {
    const cache = new VerifiedTokenCache((t) => verifiedUserToken(t, SECRET), 100);
    const token = signUserToken(caller, SECRET);
    const id = cache.identity(token);
    expect(() => (id.roles as string[]).push('admin')).toThrow(TypeError);
    expect(cache.identity(token).roles).toEqual(['dispatcher']);
  });
});
