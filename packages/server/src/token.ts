import { SignJWT, jwtVerify } from 'jose';
import type { Authorization, Permission } from './types.js';

export const AUDIENCE = 'codat-connections';
export const ISSUER = 'codat-connections-server';
const ALGORITHM = 'HS256';

export const PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete'];
export const DEFAULT_PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink'];

/** What a verified token grants. */
export interface TokenClaims {
  subject: string;
  companyId: string;
  permissions: Set<Permission>;
}

/** Encodes and checks the signing secret: HS256 needs at least 256 bits of key. */
export function signingKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(key instanceof Uint8Array) || key.byteLength < 32) {
    throw new TypeError('createConnectionsHandler: `secret` must be at least 32 bytes');
  }
  return key;
}

/** Signs a short-lived token bound to one company, one subject and a set of permissions. */
export async function issueToken(key: Uint8Array, grant: Authorization, ttlSeconds: number): Promise<string> {
  const permissions = (grant.permissions ?? DEFAULT_PERMISSIONS).filter((permission) => PERMISSIONS.includes(permission));
  return new SignJWT({ cid: grant.companyId, permissions: [...new Set(permissions)] })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(grant.subject ?? `company:${grant.companyId}`)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(crypto.randomUUID())
    .sign(key);
}

/** Verifies signature, algorithm, audience, issuer and expiry; `null` for any token that fails. */
export async function verifyToken(key: Uint8Array, token: string): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'cid'],
    });
    if (typeof payload.cid !== 'string' || typeof payload.sub !== 'string' || !Array.isArray(payload.permissions)) return null;
    const permissions = new Set(payload.permissions.filter((value): value is Permission => PERMISSIONS.includes(value as Permission)));
    return { subject: payload.sub, companyId: payload.cid, permissions };
  } catch {
    return null;
  }
}
