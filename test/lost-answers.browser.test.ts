// Answers lost between the token-issuing handler and the browser, over real HTTP in each engine: the
// handler has done the operation at Codat (the emulator), then the answer is reset, cut, empty or
// not JSON. Codat is the truth: a create whose answer was lost, retried by the user or re-sent by
// the browser, must not make a second connection. The requests are the page's own fetches with a
// grant from the stack's token endpoint, as the core would send them, without the element.
import { expect } from '@open-wc/testing';
import { callApi, clearAnswerFaults, fetchGrant, loseAnswers, resetEmulator, signIn, type AnswerFaultMode } from './helpers/browser.js';

const CREATE_PATH = '^/api/codat/companies/[^/]+/connections$';
const modes: AnswerFaultMode[] = ['reset', 'cut', 'empty', 'malformed'];

type Grant = Awaited<ReturnType<typeof fetchGrant>>;
/** What the page got: an answer it could read as JSON, or none (the fetch or its body failed, or it was not JSON). */
type Outcome = { kind: 'answered'; status: number; json: unknown } | { kind: 'lost'; reason: string };

/** Sends one operation from the page, below the grant's company, and reads the whole answer. */
async function send(grant: Grant, method: string, path: string, body?: unknown): Promise<Outcome> {
  try {
    const response = await fetch(`${grant.baseUrl}/companies/${grant.companyId}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${grant.accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { kind: 'answered', status: response.status, json: text === '' ? undefined : JSON.parse(text) };
  } catch (error) {
    return { kind: 'lost', reason: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const create = (grant: Grant, platformKey: string) => send(grant, 'POST', 'connections', { platformKey });

/** The id of the connection a 200 answer carried, if the page got one. */
const connectionIn = (outcome: Outcome): string | undefined =>
  outcome.kind === 'answered' && outcome.status === 200 ? (outcome.json as { id?: string } | undefined)?.id : undefined;

/** `'lost'`, or the status the page read. */
const statusOf = (outcome: Outcome): number | 'lost' => (outcome.kind === 'answered' ? outcome.status : 'lost');

/** The company's connections of a platform in a status, read back from Codat through the stack. */
async function held(platformKey: string, status: string): Promise<string[]> {
  const response = await callApi(`connections?query=${encodeURIComponent(`integrationKey=${platformKey}&&status=${status}`)}`);
  expect(response.status).to.equal(200);
  return (await response.json()).results.map((connection: { id: string }) => connection.id);
}

/** Every request the stack received since the answer faults were last cleared. */
async function received(): Promise<Array<{ method: string; path: string; connection: number }>> {
  return (await fetch('/test-faults/requests')).json();
}

describe('answers lost between the handler and the browser', () => {
  before(() => signIn('admin'));
  beforeEach(async () => {
    await resetEmulator();
    await clearAnswerFaults();
  });
  afterEach(() => clearAnswerFaults());

  describe('create: one click makes one connection', () => {
    for (const mode of modes) {
      it(`${mode}: the answer is lost, Codat holds one new PendingAuth connection, and the retry answers that one`, async () => {
        const grant = await fetchGrant();
        expect(await held('gbol', 'PendingAuth')).to.deep.equal([]);
        await loseAnswers({ method: 'POST', path: CREATE_PATH, mode });
        const first = await create(grant, 'gbol');
        const made = await held('gbol', 'PendingAuth');
        expect(made).to.have.length(1);
        // A reset answer may still reach the page: Chromium re-sends the POST (see the last test)
        // and the handler answers the connection the lost one made. Every other mode loses it.
        if (mode === 'reset') expect([undefined, made[0]]).to.include(connectionIn(first));
        else expect(connectionIn(first)).to.equal(undefined);
        const retry = await create(grant, 'gbol');
        expect(statusOf(retry)).to.equal(200);
        expect(connectionIn(retry)).to.equal(made[0]);
        expect(await held('gbol', 'PendingAuth')).to.deep.equal(made);
      });
    }
  });

  describe('unlink and delete: the operation is applied though its answer is lost', () => {
    // Chromium re-sends these too, so the page may read the handler's answer to the re-sent request:
    // success, since the connection is already in the state asked for (Codat itself refuses them).
    it('a reset PATCH leaves the connection Unlinked', async () => {
      const grant = await fetchGrant();
      const [linked] = await held('gbol', 'Linked');
      await loseAnswers({ method: 'PATCH', path: `/connections/${linked}$`, mode: 'reset' });
      const outcome = await send(grant, 'PATCH', `connections/${linked}`, { status: 'Unlinked' });
      expect(['lost', 200]).to.include(statusOf(outcome));
      expect((await (await callApi(`connections/${linked}`)).json()).status).to.equal('Unlinked');
    });

    it('a reset DELETE leaves the connection deleted', async () => {
      const grant = await fetchGrant();
      const [unlinked] = await held('rvtn', 'Unlinked');
      await loseAnswers({ method: 'DELETE', path: `/connections/${unlinked}$`, mode: 'reset' });
      const outcome = await send(grant, 'DELETE', `connections/${unlinked}`);
      expect(['lost', 200]).to.include(statusOf(outcome));
      expect((await callApi(`connections/${unlinked}`)).status).to.equal(404);
    });
  });

  // Chromium and Firefox send the POST on the GET's keep-alive connection and, reset there before
  // any answer, re-send it on a new one; WebKit sends it on a new connection, and the reset reaches
  // the page. Either way Codat holds one connection.
  describe('a POST reset on a reused keep-alive connection', () => {
    it('re-sent by the browser, the handler gets it twice and the page the one connection; else the page gets no answer; Codat holds one', async () => {
      const grant = await fetchGrant();
      await loseAnswers({ method: 'POST', path: CREATE_PATH, mode: 'reset' });
      // A GET first, so that the POST can go out on a connection the browser has used before.
      await (
        await fetch(`${grant.baseUrl}/companies/${grant.companyId}/connections?pageSize=1`, { headers: { Authorization: `Bearer ${grant.accessToken}` } })
      ).text();
      const outcome = await create(grant, 'gbol');
      const requests = (await received()).filter((request) => /\/connections$/.test(request.path));
      const [get, ...posts] = requests;
      expect(get!.method).to.equal('GET');
      const made = await held('gbol', 'PendingAuth');
      expect(made).to.have.length(1);
      if (posts[0]!.connection === get!.connection) {
        expect(posts.map((request) => request.method)).to.deep.equal(['POST', 'POST']);
        expect(posts[1]!.connection, 'the re-sent POST came on a new connection').to.not.equal(get!.connection);
        expect(statusOf(outcome)).to.equal(200);
        expect(connectionIn(outcome)).to.equal(made[0]);
      } else {
        expect(posts.map((request) => request.method)).to.deep.equal(['POST']);
        expect(statusOf(outcome), 'sent once, the reset reaches the page').to.equal('lost');
      }
    });
  });
});
