// Helpers for browser tests that drive elements against the real stack on the test origin:
// the Codat emulator at /emulator, the token-issuing handler at /api/codat, the demo sign-in.
import { executeServerCommand } from '@web/test-runner-commands';

/** The token endpoint of the stack, for `token-url`. */
export const tokenUrl = '/api/codat/token';

async function post(path: string, body: unknown): Promise<Response> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** Signs in as a demo user ("alice": read, link, unlink; "admin": also delete); returns their company. */
export async function signIn(user: 'alice' | 'admin' = 'admin'): Promise<{ companyId: string }> {
  return (await post('/demo/session', { user })).json();
}

export async function signOut(): Promise<void> {
  await fetch('/demo/session', { method: 'DELETE', credentials: 'include' });
}

/** Restores the emulator's deterministic seed and clears every fault. */
export async function resetEmulator(): Promise<void> {
  await post('/emulator/_emulator/reset', {});
}

/** Injects faults into the emulator (see the emulator's README for the options). */
export async function setFaults(faults: Record<string, unknown>): Promise<void> {
  await post('/emulator/_emulator/faults', faults);
}

/** Resolves once `predicate` returns a truthy value (polled each animation frame), else rejects with `message`. */
export async function waitFor<T>(predicate: () => T | Promise<T>, message = 'condition', timeout = 10_000): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Every `fetch` the page makes from now on, until `restore()`: method, URL and whether it was aborted. */
export function recordFetches(): { calls: Array<{ method: string; url: string; aborted: () => boolean }>; restore: () => void } {
  const original = window.fetch;
  const calls: Array<{ method: string; url: string; aborted: () => boolean }> = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? request.signal;
    calls.push({ method: request.method, url: request.url, aborted: () => Boolean(signal?.aborted) });
    return original(input, init);
  };
  return { calls, restore: () => (window.fetch = original) };
}

export { recordTimers } from './timers.mjs';

/** A grant from the stack's token endpoint for the signed-in user, as the element gets one. */
export async function fetchGrant(): Promise<{ accessToken: string; expiresIn: number; companyId: string; baseUrl?: string; tokenType?: string }> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`POST ${tokenUrl} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * Calls the stack's API directly, behind the element's back, with a fresh grant: a `path` starting
 * with `/` is below the API root (`/integrations`), any other below the company (`connections/…`).
 */
export async function callApi(path: string, init: RequestInit = {}): Promise<Response> {
  const grant = await fetchGrant();
  const below = path.startsWith('/') ? path : `/companies/${grant.companyId}/${path}`;
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${grant.accessToken}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  return fetch(`${grant.baseUrl}${below}`, { ...init, headers });
}

/** How {@link loseAnswers} loses an answer; see test/helpers/answer-faults.mjs. */
export type AnswerFaultMode = 'reset' | 'cut' | 'empty' | 'malformed';

/**
 * Loses the stack's next `count` (default 1) answers to requests with this `method` whose URL path
 * matches `path` (a regular expression, as a string), AFTER the handler has fully handled them:
 * Codat (the emulator) has applied the operation, the browser never learns it. `reset` resets the
 * socket before any byte of the answer; `cut` sends the headers (with the full Content-Length) and
 * half the body, then closes; `empty` is a 200 with no body; `malformed` a 200 HTML error page.
 * Rules outlive `resetEmulator()`: a test that sets one calls `clearAnswerFaults()` in `afterEach`.
 */
export async function loseAnswers(rule: { method: string; path: string; mode: AnswerFaultMode; count?: number }): Promise<void> {
  const response = await fetch('/test-faults/answers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
  if (response.status !== 204) throw new Error(`POST /test-faults/answers answered ${response.status}: ${await response.text()}`);
}

/**
 * Changes the stack's next `count` (default 1) answers to requests with this `method` whose URL
 * path matches `path`, for the fault matrix (test/faults/): `status` answers `answer` instead (the
 * request never reaches the stack), `slow` passes the request on `delay` ms late, `json` sets
 * `merge`'s fields over the JSON answer (`null` removes one). Cleared as {@link loseAnswers}' rules.
 */
export async function changeAnswers(
  rule: { method: string; path: string; count?: number } & (
    | { mode: 'status'; answer: { status: number; headers?: Record<string, string>; body?: string } }
    | { mode: 'slow'; delay: number }
    | { mode: 'json'; merge: Record<string, unknown> }
  ),
): Promise<void> {
  const response = await fetch('/test-faults/answers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
  if (response.status !== 204) throw new Error(`POST /test-faults/answers answered ${response.status}: ${await response.text()}`);
}

/** Forgets every rule set by {@link loseAnswers} (and the stack's request log); `resetEmulator()` does not. */
export async function clearAnswerFaults(): Promise<void> {
  const response = await fetch('/test-faults/reset', { method: 'POST' });
  if (response.status !== 204) throw new Error(`POST /test-faults/reset answered ${response.status}`);
}

/** Presses keys together, such as `pressTogether('Shift', 'Tab')`, in every engine (test/helpers/press-keys-plugin.mjs). */
export async function pressTogether(...keys: string[]): Promise<void> {
  await executeServerCommand('press-keys', { keys });
}

/**
 * Modules whose path matches `pattern` cannot be fetched from now on (a feature's chunk when the
 * network went away); `null` serves them again (test/helpers/module-faults-plugin.mjs).
 */
export async function failModules(pattern: string | null): Promise<void> {
  await executeServerCommand('fail-modules', { pattern });
}
