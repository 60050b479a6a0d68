// Demo sign-in: a cookie naming one of a few demo users. It stands in for the partner's own
// session; the token endpoint's `authorize` reads it. Anyone may sign in as any demo user.

const COOKIE = 'codat_demo_user';

/** @typedef {import('@codat-connections/server').Permission} Permission */
/** @typedef {{ name: string, companyId: string, permissions: Permission[] }} DemoUser */

/**
 * The demo users: "alice" may read, link and unlink; "admin" may also delete and refresh data.
 * @param {string} companyId
 * @returns {Map<string, DemoUser>}
 */
export function demoUsers(companyId) {
  const everyday = /** @type {Permission[]} */ (['connections:read', 'connections:link', 'connections:unlink']);
  return new Map([
    ['alice', { name: 'alice', companyId, permissions: everyday }],
    ['admin', { name: 'admin', companyId, permissions: [...everyday, 'connections:delete', 'connections:refresh'] }],
  ]);
}

/**
 * The demo user named by the request's cookie, if any.
 * @param {Request} request
 * @param {Map<string, DemoUser>} users
 */
export function signedInUser(request, users) {
  const cookies = request.headers.get('Cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([a-z]+)`).exec(cookies);
  return match ? users.get(match[1]) : undefined;
}

/** @param {string} name */
export const signInCookie = (name) => `${COOKIE}=${name}; Path=/; HttpOnly; SameSite=Lax`;
export const signOutCookie = () => `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
