import { SignJWT, jwtVerify } from 'jose';
import type { Authorization, Permission } from './types.js';

export const AUDIENCE = 'codat-connections';
export const ISSUER = 'codat-connections-server';
const ALGORITHM = 'HS256';

export const PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'];
export const DEFAULT_PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink'];

/** What a verified token grants. */
export interface TokenClaims {
  subject: string;
  companyId: string;
  permissions: Set<Permission>;
}

/** A signing key, imported once: importing it again for every token would double the cost. */
export type SigningKey = Promise<CryptoKey>;

/** Checks the signing secret (HS256 needs at least 256 bits) and imports it as an HMAC key. */
export function signingKey(secret: string | Uint8Array): SigningKey {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 32) {
    throw new TypeError('createConnectionsHandler: `secret` must be at least 32 bytes');
  }
  return crypto.subtle.importKey('raw', new Uint8Array(bytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/**
 * Signs a short-lived token bound to one company, one subject and a set of permissions: the known
 * ones `grant` names (the defaults when it names none), each once. Answers the token with exactly
 * the permissions it carries.
 */
export async function issueToken(key: SigningKey, grant: Authorization, ttlSeconds: number): Promise<{ token: string; permissions: Permission[] }> {
  const permissions = [...new Set((grant.permissions ?? DEFAULT_PERMISSIONS).filter((permission) => PERMISSIONS.includes(permission)))];
  const token = await new SignJWT({ cid: grant.companyId, permissions })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(grant.subject ?? `company:${grant.companyId}`)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(crypto.randomUUID())
    .sign(await key);
  return { token, permissions };
}

/**
 * Verifies tokens, remembering the ones that passed until they expire: Web Crypto runs on a
 * thread pool, and skipping that round trip for a token already seen halves an operation's added
 * latency. Only valid tokens are remembered, so junk cannot fill the cache.
 */
export function tokenVerifier(key: SigningKey, capacity = 10_000): (token: string) => Promise<TokenClaims | null> {
  const verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.claims;
      verified.delete(token);
    }
    const result = await verifyToken(key, token);
    if (!result) return null;
    if (verified.size >= capacity) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims: result.claims, expiresAt: result.expiresAt });
    return result.claims;
  };
}

/** Verifies signature, algorithm, audience, issuer and expiry; `null` for any token that fails. */
async function verifyToken(key: SigningKey, token: string): Promise<{ claims: TokenClaims; expiresAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, await key, {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'cid'],
    });
    if (typeof payload.cid !== 'string' || typeof payload.sub !== 'string' || !Array.isArray(payload.permissions)) return null;
    const permissions = new Set(payload.permissions.filter((value): value is Permission => PERMISSIONS.includes(value as Permission)));
    return { claims: { subject: payload.sub, companyId: payload.cid, permissions }, expiresAt: payload.exp! * 1000 };
  } catch {
    return null;
  }
}
