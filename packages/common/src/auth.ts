import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AuthChecker } from 'type-graphql';
import { DEPARTMENTS, DepartmentCode } from './domain/departments';
import { DomainError } from './errors';

export const ROLES = ['agent', 'department', 'dispatcher', 'supervisor', 'admin', 'notice-system'] as const;
export type Role = (typeof ROLES)[number];

export { DEPARTMENTS, type DepartmentCode } from './domain/departments';

/** The verified caller, as the gateway forwards it to the subgraphs. */
export interface Identity {
  sub: string;
  name: string;
  roles: Role[];
  department: DepartmentCode | null;
}

export interface RequestContext {
  identity: Identity;
  requestId: string;
}

export function hasRole(id: Identity, ...roles: Role[]): boolean {
  return id.roles.some((r) => roles.includes(r));
}

/** Throws FORBIDDEN unless the caller holds one of `roles`. */
export function requireRole(id: Identity, ...roles: Role[]): void {
  if (!hasRole(id, ...roles)) throw new DomainError('FORBIDDEN', `requires role ${roles.join(' or ')}`);
}

function parseIdentity(claims: jwt.JwtPayload): Identity {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r: unknown): r is Role => ROLES.includes(r as Role)) : [];
  const department = DEPARTMENTS.includes(claims.department) ? (claims.department as DepartmentCode) : null;
  if (typeof claims.sub !== 'string' || !claims.sub) throw new DomainError('UNAUTHENTICATED', 'token has no subject');
  return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles, department };
}

/**
 * HS256 secrets as KeyObjects, made once per secret: given a string, jsonwebtoken first tries it as a
 * PEM key and builds the secret key from the thrown error on every sign/verify (milliseconds per call).
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let k = secretKeys.get(secret);
  if (!k) {
    k = createSecretKey(Buffer.from(secret, 'utf8'));
    if (secretKeys.size > 16) secretKeys.clear();
    secretKeys.set(secret, k);
  }
  return k;
}

const USER_AUDIENCE = 'mainline';
const INTERNAL_AUDIENCE = 'mainline-subgraph';

/** A user token as the identity provider would issue it (HS256); the dev CLI and tests use it. */
export function signUserToken(id: Identity, secret: string, ttlSeconds = 12 * 3600): string {
  return jwt.sign({ name: id.name, roles: id.roles, department: id.department }, secretKey(secret), {
    algorithm: 'HS256', subject: id.sub, audience: USER_AUDIENCE, expiresIn: ttlSeconds,
  });
}

export function verifyUserToken(token: string, secret: string): Identity {
  try {
    return parseIdentity(jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], audience: USER_AUDIENCE }) as jwt.JwtPayload);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('UNAUTHENTICATED', 'invalid or expired token: ' + (e as Error).message);
  }
}

/** The gateway re-signs the verified identity for the subgraphs with a secret only they share. */
export function signInternalIdentity(id: Identity, secret: string, ttlSeconds = 60): string {
  return jwt.sign({ name: id.name, roles: id.roles, department: id.department }, secretKey(secret), {
    algorithm: 'HS256', subject: id.sub, audience: INTERNAL_AUDIENCE, expiresIn: ttlSeconds,
  });
}

export function verifyInternalIdentity(token: string, secret: string): Identity {
  try {
    return parseIdentity(jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], audience: INTERNAL_AUDIENCE }) as jwt.JwtPayload);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('UNAUTHENTICATED', 'missing or invalid gateway identity');
  }
}

export const IDENTITY_HEADER = 'x-mainline-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

/** type-graphql's checker: `@Authorized('dispatcher', ...)` lists the roles allowed; `@Authorized()` any signed-in user. */
export const roleAuthChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const id = context.identity;
  if (!id) return false;
  if (roles.length === 0) return true;
  return hasRole(id, ...roles);
};
