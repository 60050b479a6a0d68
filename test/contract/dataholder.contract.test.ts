import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_CONNECTIONS, OTHER_USER_CONNECTIONS } from '@codat-connections/emulator';
import { dataholderContract } from '../helpers/dataholder-contract.js';
import { startDataholderStack, CLIENT_ID, CLIENT_SECRET, PLATFORM_API_KEY, type DataholderStack } from '../helpers/dataholder-stack.js';

// Every answer the dataholder handler gives the browser, every request it sends the platform and
// every answer the dataholder emulator gives it are checked against contracts/dataholder.openapi.json:
// the handler's against the partner operations, the platform's against the platform operations.

const BASE_PATH = '/api/dataholder';

/** A body as its content type says: JSON parsed, a form as an object of its fields, other text as text, none as `undefined`. */
function readBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (/^application\/json/.test(contentType ?? '')) return JSON.parse(text);
  if (/^application\/x-www-form-urlencoded/.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

interface Exchange {
  request: { method: string; url: URL; path: string; body: string; contentType: string | null };
  answer: { status: number; body: string; contentType: string | null };
}

/**
 * The problems of one exchange against the contract's operation for it: of the request, and of the
 * answer. `malformed`: a request sent to see it refused, which the contract must refuse too.
 */
function check(label: string, { request, answer }: Exchange, seen: Set<string>, malformed = false): string[] {
  const matched = dataholderContract.match(request.method, request.path);
  if (!matched) return [`${label}: ${request.method} ${request.path} is no operation of the contract`];
  const { operationId, params } = matched;
  seen.add(operationId);
  const sent = dataholderContract.validateRequest(operationId, {
    params: { ...Object.fromEntries(request.url.searchParams), ...params },
    body: readBody(request.body, request.contentType),
  });
  const answered = dataholderContract.validateResponse(operationId, answer.status, readBody(answer.body, answer.contentType));
  const requestProblems = malformed
    ? sent.valid
      ? [`${label}: ${operationId} request: the contract accepts a request the test sends as malformed`]
      : []
    : sent.errors.map((error) => `${label}: ${operationId} request: ${error}`);
  return [...requestProblems, ...answered.errors.map((error) => `${label}: ${operationId} ${answer.status}: ${error}`)];
}

describe('the dataholder model follows contracts/dataholder.openapi.json', () => {
  let stack: DataholderStack;
  const seen = new Set<string>();
  const problems: string[] = [];
  let checkedCalls = 0;

  before(async () => (stack = await startDataholderStack({ app: 'partner-app' })));
  after(() => stack.close());

  /** Calls the handler (as `user`, or with `init`'s headers only) and checks the exchange and the platform calls it made. */
  async function partner(user: string | undefined, path: string, init: RequestInit = {}, malformed = false) {
    const result = user === undefined ? await stack.call(path, init) : await stack.callAs(user, path, init);
    const url = new URL(path.startsWith('http') ? path : `${stack.api}${path}`);
    const headers = new Headers(init.headers);
    problems.push(
      ...check(
        `handler ${init.method ?? 'GET'} ${path}`,
        {
          request: {
            method: init.method ?? 'GET',
            url,
            path: url.pathname.slice(BASE_PATH.length),
            body: String(init.body ?? ''),
            contentType: headers.get('Content-Type'),
          },
          answer: { status: result.response.status, body: result.body, contentType: result.response.headers.get('Content-Type') },
        },
        seen,
        malformed,
      ),
    );
    checkPlatformCalls();
    return result;
  }

  /** Checks the platform calls made since the last check: the handler's requests and the platform's answers. */
  function checkPlatformCalls(malformed = false) {
    for (const call of stack.calls.slice(checkedCalls)) {
      assert.ok(call.answer, `${call.method} ${call.url.pathname} was answered`);
      problems.push(
        ...check(
          `platform ${call.method} ${call.url.pathname}`,
          {
            request: { method: call.method, url: call.url, path: call.url.pathname, body: call.body, contentType: call.headers.get('Content-Type') },
            answer: { status: call.answer.status, body: call.answer.body, contentType: call.answer.headers.get('Content-Type') },
          },
          seen,
          malformed,
        ),
      );
    }
    checkedCalls = stack.calls.length;
  }

  /** Answers a consent page as its user would (through the recording platform): GET it, then POST a decision. */
  async function decide(url: string, decision: string) {
    await fetch(url);
    const answered = await fetch(url, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision }) });
    checkPlatformCalls();
    return answered;
  }

  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const tokenRequest = (body: unknown, cookie = 'user=demo'): RequestInit => ({
    method: 'POST',
    headers: { Cookie: cookie, 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('the token route: a grant, and its refusals', async () => {
    assert.equal((await partner(undefined, '/token', tokenRequest({}))).response.status, 200);
    assert.equal((await partner(undefined, '/token', tokenRequest({ userId: 'a-hint@example.com' }))).response.status, 200);
    assert.equal((await partner(undefined, '/token', tokenRequest({}, 'user=nobody'))).response.status, 401);
    assert.equal((await partner(undefined, '/token', tokenRequest({ userId: '../x' }), true)).response.status, 400);
    assert.deepEqual(problems, []);
  });

  it('reads: every status of connection, the dataholders, and the errors', async () => {
    assert.equal((await partner('demo', '/connections')).response.status, 200);
    assert.equal((await partner('other', '/connections')).response.status, 200);
    assert.equal((await partner('empty', '/connections')).response.status, 200);
    for (const id of Object.values(DEMO_USER_CONNECTIONS)) assert.equal((await partner('demo', `/connections/${id}`)).response.status, 200, id);
    assert.equal((await partner('demo', `/connections/${OTHER_USER_CONNECTIONS.active}`)).response.status, 404);
    assert.equal((await partner('demo', '/connections/not-an-id!', {}, true)).response.status, 400);
    assert.equal((await partner('demo', '/dataholders')).response.status, 200);
    assert.equal((await partner(undefined, '/connections')).response.status, 401);
    assert.equal((await partner('reader', `/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' })).response.status, 403);
    assert.deepEqual(problems, []);
  });

  it('disconnect, and a consent journey for a new connection and for one again', async () => {
    assert.equal((await partner('demo', `/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' })).response.status, 200);
    assert.equal((await partner('demo', `/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' })).response.status, 200);

    const created = await partner('demo', '/consents', json({ dataholder: 'bendigo' }));
    assert.equal(created.response.status, 200);
    const approved = await decide(created.json().url, 'approve');
    assert.equal(approved.status, 303);
    assert.equal((await partner(undefined, approved.headers.get('Location')!)).response.status, 200);
    assert.equal((await partner(undefined, '/consents/return.js')).response.status, 200);
    assert.equal((await partner('demo', `/connections/${created.json().connection.id}`)).json().status, 'ACTIVE');

    const again = await partner('demo', '/consents', json({ connectionId: DEMO_USER_CONNECTIONS.expired }));
    assert.equal(again.response.status, 200);
    const rejected = await decide(again.json().url, 'reject');
    assert.equal(rejected.status, 303);
    assert.equal((await partner(undefined, rejected.headers.get('Location')!)).response.status, 200);

    assert.equal((await partner('demo', '/consents', json({ dataholder: 'no-such-bank' }))).response.status, 404);
    assert.equal((await partner('demo', '/consents', json({ dataholder: 'anz', connectionId: DEMO_USER_CONNECTIONS.expired }), true)).response.status, 400);
    assert.deepEqual(problems, []);
  });

  it("the platform's own refusals", async () => {
    const platform = async (path: string, init: RequestInit = {}, malformed = false) => {
      const response = await fetch(`${stack.platform}${path}`, init);
      checkPlatformCalls(malformed);
      return response.status;
    };
    const basic = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`;
    const form = (body: Record<string, string>, authorization = basic): RequestInit => ({
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Api-Key': PLATFORM_API_KEY },
      body: new URLSearchParams(body),
    });
    assert.equal(await platform('/oauth/token', form({ grant_type: 'client_credentials' }, `Basic ${btoa(`${CLIENT_ID}:wrong`)}`)), 401);
    assert.equal(await platform('/oauth/token', form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, '')), 200);
    assert.equal(await platform('/v1/dataholders', { headers: { 'X-Api-Key': 'wrong' } }), 401);
    const token = JSON.parse(stack.calls.findLast((call) => call.url.pathname === '/oauth/token' && call.answer?.status === 200)!.answer!.body);
    const auth = { 'X-Api-Key': PLATFORM_API_KEY, Authorization: `Bearer ${token.access_token}` };
    assert.equal(await platform('/v1/connections/no-such-connection', { headers: auth }), 404);
    assert.equal(await platform('/v1/connections/no-such-connection/disconnect', { method: 'POST', headers: auth }), 404);
    const consent = { user: 'someone', dataholder: 'anz', redirectUri: 'javascript:alert(1)' };
    assert.equal(
      await platform('/v1/consents', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(consent) }),
      400,
    );
    assert.equal(await platform('/consent/no-such-consent'), 404);
    // The consent above is a request the contract refuses too (its redirectUri is no http(s) URL):
    // it is reported as such, and every answer follows the contract.
    const refused = (problem: string) => problem.includes('platform-start-consent request:');
    assert.ok(problems.some(refused), 'the malformed consent request is reported');
    assert.deepEqual(
      problems.splice(0).filter((problem) => !refused(problem)),
      [],
    );
  });

  it('every operation of the contract was exercised', () => {
    const all = dataholderContract.operationIds().sort();
    assert.deepEqual([...seen].sort(), all);
  });
});
