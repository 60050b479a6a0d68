import { SignJWT, jwtVerify } from 'jose';
import type { Permission } from './types.js';

export const AUDIENCE = 'codat-connections';
export const ISSUER = 'codat-connections-server';
const ALGORITHM = 'HS256';

export const PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'];
export const DEFAULT_PERMISSIONS: readonly Permission[] = ['connections:read', 'connections:link', 'connections:unlink'];

/**
 * The JWT claim that binds a token to the one thing it may reach: `cid` a Codat company (the
 * connections handler), `uid` a dataholder user (the dataholder handler). Each handler's verifier
 * requires its own claim, so neither handler accepts the other's tokens, even with the same secret.
 */
export type BindingClaim = 'cid' | 'uid';

/** What a token is issued for. */
export interface TokenSubject {
  claim: BindingClaim;
  /** The company's or the user's id. */
  id: string;
  /** The JWT `sub`. */
  subject: string;
  /** The defaults when `undefined`. */
  permissions: Permission[] | undefined;
}

/** What a verified token grants. */
export interface TokenClaims {
  subject: string;
  /** The company's or the user's id, from the token's binding claim. */
  boundTo: string;
  permissions: Set<Permission>;
  /** When the token expires (epoch ms). */
  expiresAt: number;
}

/** A signing key, imported once: importing it again for every token would double the cost. */
export type SigningKey = Promise<CryptoKey>;

/** Checks the signing secret (HS256 needs at least 256 bits) and imports it as an HMAC key. */
export function signingKey(secret: string | Uint8Array, caller: string): SigningKey {
  const bytes: unknown = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array) || secret === '') {
    // Most often an environment variable that is not set: say that, not that it is too short.
    throw new TypeError(
      `${caller}: \`secret\` is required (got ${describeValue(secret)}): a string or Uint8Array of at least 32 bytes, e.g. from an environment variable`,
    );
  }
  if (bytes.byteLength < 32) throw new TypeError(`${caller}: \`secret\` must be at least 32 bytes (got ${bytes.byteLength})`);
  return crypto.subtle.importKey('raw', new Uint8Array(bytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** What a wrong option was, for an error: `undefined`, `null`, `a number`; never its value, which may be a secret. */
function describeValue(value: unknown): string {
  if (value === '') return 'an empty string';
  if (value === undefined || value === null) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Signs a short-lived token bound to one company or user, one subject and a set of permissions:
 * those of `known` that `grant` names (the defaults when it names none), each once. Answers the
 * token with exactly the permissions it carries.
 */
export async function issueToken(
  key: SigningKey,
  grant: TokenSubject,
  ttlSeconds: number,
  known: readonly Permission[] = PERMISSIONS,
): Promise<{ token: string; permissions: Permission[] }> {
  const permissions = [...new Set((grant.permissions ?? DEFAULT_PERMISSIONS).filter((permission) => known.includes(permission)))];
  const token = await new SignJWT({ [grant.claim]: grant.id, permissions })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(grant.subject)
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
 * latency. Only valid tokens are remembered, so junk cannot fill the cache. The binding claim must
 * hold an id `isValid` accepts, as the token route checks what it signs: the handlers build
 * upstream requests of it, so no token signed with the secret elsewhere can bind `../integrations`.
 */
export function tokenVerifier(
  key: SigningKey,
  claim: BindingClaim,
  isValid: (id: string) => boolean,
  capacity = 10_000,
): (token: string) => Promise<TokenClaims | null> {
  const verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.claims;
      verified.delete(token);
    }
    const result = await verifyToken(key, claim, isValid, token);
    if (!result) return null;
    if (verified.size >= capacity) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims: result.claims, expiresAt: result.expiresAt });
    return result.claims;
  };
}

/** Verifies signature, algorithm, audience, issuer, expiry and the binding claim (present and valid); `null` for any token that fails. */
async function verifyToken(
  key: SigningKey,
  claim: BindingClaim,
  isValid: (id: string) => boolean,
  token: string,
): Promise<{ claims: TokenClaims; expiresAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, await key, {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ['sub', 'exp', 'iat', 'jti', claim],
    });
    const boundTo = payload[claim];
    if (typeof boundTo !== 'string' || !isValid(boundTo) || typeof payload.sub !== 'string' || !Array.isArray(payload.permissions)) return null;
    const permissions = new Set(payload.permissions.filter((value): value is Permission => PERMISSIONS.includes(value as Permission)));
    const expiresAt = payload.exp! * 1000;
    return { claims: { subject: payload.sub, boundTo, permissions, expiresAt }, expiresAt };
  } catch {
    return null;
  }
}
