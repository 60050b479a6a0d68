// The fault matrix as tests: one test per fault of test/faults/matrix.ts, through the
// real server and emulator. Each injects its fault (the emulator's fault routes, the answer faults
// between the handler and the browser, or the page's view of an answer), lets it play out, and
// checks that the user sees the entry's texts, that the element fired exactly the entry's events,
// and, after any recovery, that the rows shown are the emulator's (names and statuses).
import { expect } from '@open-wc/testing';
import { en } from '../../packages/widget/src/strings/en.js';
import { mountOnStack, otherCompany, stubs, unlinkElsewhere, waitFor, type Harness, type StackOptions } from '../helpers/harness.js';
import { callApi, changeAnswers, clearAnswerFaults, loseAnswers, setFaults, signIn } from '../helpers/browser.js';
import { faults, faultTable, type Fault } from './matrix.js';

const TOKEN = '^/api/codat/token$';
const LIST = '^/api/codat/companies/[^/]+/connections$';
const ONE = '^/api/codat/companies/[^/]+/connections/[^/]+$';

/** A row as the user sees it, and a connection as Codat has it, in the same words. */
interface Row {
  id: string;
  name: string;
  status: string;
}

/** What a fault's test hands back: the element, the row's platform it acted on, and where the truth is. */
interface Run {
  h: Harness;
  name?: string;
  /** The connections the rows must equal; the demo company's at the emulator when absent. */
  truth?: () => Promise<Row[]>;
  /** Checks of its own, after the events were fired (a request count, a popup). */
  check?: () => unknown;
}

interface Scenario {
  /** Injects the fault and acts as the user does; `events.start()` where the events of interest begin. */
  act(events: EventLog): Promise<Run>;
  /** What the user does to recover, once the fault is gone. */
  recover?(run: Run): Promise<void>;
}

// ----- events

const eventTypes = [
  'codat-ready',
  'codat-link-started',
  'codat-linked',
  'codat-link-cancelled',
  'codat-before-unlink',
  'codat-before-delete',
  'codat-unlinked',
  'codat-deleted',
  'codat-refreshed',
  'codat-error',
];

/** Every codat-* event reaching the document from `start()` on, as the matrix writes them. */
class EventLog {
  readonly seen: string[] = [];
  readonly details: unknown[] = [];
  private readonly listener = (event: Event) => {
    const { detail } = event as CustomEvent<{ operation?: string; error?: { code?: string } }>;
    this.seen.push(event.type === 'codat-error' ? `codat-error ${detail.operation}: ${detail.error?.code}` : event.type);
    this.details.push(detail);
  };

  start(): void {
    this.seen.length = 0;
    this.details.length = 0;
    for (const type of eventTypes) document.addEventListener(type, this.listener);
  }

  stop(): void {
    for (const type of eventTypes) document.removeEventListener(type, this.listener);
  }
}

// ----- the truth and what is shown

const label = (status: string) => (Object.hasOwn(en.status, status) ? en.status[status]! : status);

/** The demo company's connections as the emulator has them, once every fault is cleared. */
async function emulatorRows(): Promise<Row[]> {
  await clearFaults();
  const response = await callApi('connections?pageSize=5000');
  expect(response.status, 'reading the truth').to.equal(200);
  const { results } = (await response.json()) as { results: Array<{ id: string; platformName: string; status: string }> };
  return results.map((connection) => ({ id: connection.id, name: connection.platformName, status: label(connection.status) }));
}

function shownRows(h: Harness): Row[] {
  return h.rows().map((row) => ({
    id: row.dataset['id']!,
    name: h.part('name', row)?.textContent?.trim() ?? '',
    status: h.statusText(row)?.trim() ?? '',
  }));
}

const byId = (rows: Row[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** What the user sees of the element (its rendered text, the live region's included), on one line. */
const seenText = (h: Harness) => (h.part('base') as HTMLElement).innerText.replace(/\s+/g, ' ');

/** The names of the buttons the user can see and press. */
const buttonsShown = (h: Harness) =>
  [...h.root.querySelectorAll<HTMLButtonElement>('button')]
    .filter((button) => !button.disabled && button.checkVisibility())
    .map((button) => button.textContent!.trim());

async function clearFaults(): Promise<void> {
  await clearAnswerFaults();
  await setFaults({});
}

/** The stack's requests since the answer faults were last cleared. */
async function stackRequests(): Promise<Array<{ method: string; path: string }>> {
  return (await fetch('/test-faults/requests')).json();
}

const count = (requests: Array<{ method: string; path: string }>, method: string, path: string) =>
  requests.filter((request) => request.method === method && new RegExp(path).test(request.path)).length;

// ----- ways in and out

/** The token endpoint answers `status` with `body` as JSON, instead of a grant, for the rest of the fault. */
const answerTokenWith = (status: number, body: string) =>
  changeAnswers({ method: 'POST', path: TOKEN, mode: 'status', count: 20, answer: { status, headers: { 'Content-Type': 'application/json' }, body } });

const failingMount = (options: StackOptions = {}) => mountOnStack({ ...options, until: 'error' });

/** The error state's Retry, once the fault is gone. */
async function retryList({ h }: Run): Promise<void> {
  await clearFaults();
  const ready = h.next('codat-ready');
  h.part('retry-button')!.click();
  await ready;
}

/** The stale-list notice's Retry, once the fault is gone. */
async function retryNotice({ h }: Run): Promise<void> {
  await clearFaults();
  const ready = h.next('codat-ready');
  h.part('notice-retry')!.click();
  await ready;
}

const codatError = (status: number, error: string) =>
  JSON.stringify({
    statusCode: status,
    service: 'PublicApi',
    error,
    correlationId: 'fault-matrix',
    canBeRetried: status >= 500 || status === 429 ? 'True' : 'False',
  });

/** Codat's 429, with a `Retry-After` of its own, on the first list; the stack's request log starts here. */
const rateLimited = async (retryAfter: () => string) => {
  await clearAnswerFaults();
  await changeAnswers({
    method: 'GET',
    path: LIST,
    mode: 'status',
    answer: { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': retryAfter() }, body: codatError(429, 'Rate limit exceeded.') },
  });
};

/**
 * Mounts with `no-confirm`, starts the log and clicks `kind` on the first row in `status`, `clicks`
 * times in one task (a double click lands before the element re-renders).
 */
async function actOnRow(events: EventLog, kind: 'unlink' | 'delete', status: string, inject: (id: string) => Promise<unknown>, clicks = 1): Promise<Run> {
  const h = await mountOnStack({ attributes: { 'no-confirm': true, actions: 'link reconnect unlink delete' } });
  const target = h.connectionWith(status);
  await inject(target.id);
  events.start();
  const button = h.button(target.id, kind)!;
  for (let click = 0; click < clicks; click++) button.click();
  return { h, name: target.name };
}

/** The list answers as `rewrite` changes them, to this page only (the element's reads and the truth's). */
function rewriteLists(rewrite: (page: { results: Array<Record<string, unknown>>; [field: string]: unknown }) => void): void {
  stubs.rewriteResponses((body) => {
    const page = JSON.parse(body);
    if (!Array.isArray(page?.results) || typeof page.results[0]?.platformName !== 'string') return body;
    rewrite(page);
    return JSON.stringify(page);
  });
}

/** The platform a link of a new connection uses: one the seed company has no connection of. */
const NEW_PLATFORM = 'akxx';

/** Waits until the popup shows the emulator's link page; clicks the button whose text matches. */
async function decideIn(popup: Window, decision: RegExp): Promise<void> {
  const button = await waitFor(() => {
    try {
      if (!popup.location.pathname.startsWith('/emulator')) return undefined;
      return [...popup.document.querySelectorAll<HTMLElement>('button')].find((candidate) => decision.test(candidate.textContent ?? ''));
    } catch {
      return undefined;
    }
  }, 'the link page in the popup');
  button.click();
}

// ----- one scenario per fault

const serverErrorScenarios = Object.fromEntries(
  [500, 502, 503, 504].flatMap((status): Array<[string, Scenario]> => [
    [
      `list-${status}`,
      {
        async act(events) {
          const h = await mountOnStack();
          await stubs.faults({ forceStatus: { status, count: 3 } });
          events.start();
          h.part('refresh-button')!.click();
          return { h };
        },
        recover: retryNotice,
      },
    ],
    [
      `unlink-${status}`,
      {
        act: (events) => actOnRow(events, 'unlink', 'Linked', () => stubs.faults({ forceStatus: { status, count: 3 } })),
        async recover({ h, name }) {
          await clearFaults();
          const unlinked = h.next('codat-unlinked');
          h.inRow(h.row(name!)!, 'row-message-retry')!.click();
          await unlinked;
        },
      },
    ],
    [
      `create-${status}`,
      {
        async act(events) {
          const h = await mountOnStack();
          stubs.popups();
          await stubs.faults({ forceStatus: { status, count: 1 } });
          events.start();
          void h.el.link(NEW_PLATFORM);
          return { h };
        },
      },
    ],
  ]),
);

const doubleClickScenarios: Record<string, Scenario> = {
  'double-click-unlink': {
    async act(events) {
      const fetches = stubs.fetches();
      const run = await actOnRow(events, 'unlink', 'Linked', async () => {}, 2);
      return { ...run, check: () => expect(fetches.calls.filter((call) => call.method === 'PATCH')).to.have.length(1) };
    },
  },
  'double-click-delete': {
    async act(events) {
      const fetches = stubs.fetches();
      const run = await actOnRow(events, 'delete', 'Unlinked', async () => {}, 2);
      return { ...run, check: () => expect(fetches.calls.filter((call) => call.method === 'DELETE')).to.have.length(1) };
    },
  },
  'double-click-reconnect': {
    async act(events) {
      const h = await mountOnStack();
      const popups = stubs.popups();
      const target = h.connectionWith('Unlinked');
      events.start();
      const button = h.button(target.id, 'reconnect')!;
      button.click();
      button.click();
      return { h, name: target.name, check: () => expect(popups.calls).to.have.length(1) };
    },
  },
  'double-click-link': {
    async act(events) {
      const h = await mountOnStack();
      const popups = stubs.popups();
      const fetches = stubs.fetches();
      h.linkButton()!.click();
      const item = await waitFor(() => h.pickerItems().find((button) => button.dataset['key'] === NEW_PLATFORM), 'the platform in the picker');
      events.start();
      item.click();
      item.click();
      return {
        h,
        check: () => {
          expect(popups.calls).to.have.length(1);
          expect(fetches.calls.filter((call) => call.method === 'POST' && /\/connections$/.test(new URL(call.url).pathname))).to.have.length(1);
        },
      };
    },
  },
  'double-click-refresh': {
    async act(events) {
      const h = await mountOnStack();
      events.start();
      const button = h.part('refresh-button')!;
      button.click();
      button.click();
      return { h };
    },
  },
};

const scenarios: Record<string, Scenario> = {
  'token-down': {
    async act() {
      await loseAnswers({ method: 'POST', path: TOKEN, mode: 'reset', count: 20 });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'token-401': {
    act: async () => ({ h: await failingMount({ user: null }) }),
    async recover(run) {
      await signIn('admin');
      await retryList(run);
    },
  },
  'token-500': {
    async act() {
      await answerTokenWith(500, '{"error":"internal"}');
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'token-slow': {
    async act() {
      await changeAnswers({ method: 'POST', path: TOKEN, mode: 'slow', delay: 3_000, count: 20 });
      return { h: await failingMount({ attributes: { 'token-timeout': 300 } }) };
    },
    recover: retryList,
  },
  'token-malformed': {
    async act() {
      await answerTokenWith(200, '{"accessToken": "ey');
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'token-no-access-token': {
    async act() {
      await changeAnswers({ method: 'POST', path: TOKEN, mode: 'json', count: 20, merge: { accessToken: null } });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'token-expiry': {
    async act(events) {
      await changeAnswers({ method: 'POST', path: TOKEN, mode: 'json', count: 50, merge: { expiresIn: 0.001 } });
      const run = await actOnRow(events, 'unlink', 'Linked', () => clearAnswerFaults());
      return { ...run, check: async () => expect(count(await stackRequests(), 'POST', TOKEN)).to.equal(1) };
    },
  },
  'api-401-once': {
    async act(events) {
      const run = await actOnRow(events, 'unlink', 'Linked', async () => {
        // From here on the stack's request log counts the unlink's requests only.
        await clearAnswerFaults();
        await changeAnswers({
          method: 'PATCH',
          path: ONE,
          mode: 'status',
          answer: { status: 401, headers: { 'Content-Type': 'application/json' }, body: codatError(401, 'Unauthorized') },
        });
      });
      return {
        ...run,
        check: async () => {
          const requests = await stackRequests();
          expect([count(requests, 'POST', TOKEN), count(requests, 'PATCH', ONE)]).to.deep.equal([1, 2]);
        },
      };
    },
  },
  'api-401-twice': {
    act: (events) =>
      actOnRow(events, 'unlink', 'Linked', () =>
        changeAnswers({
          method: 'PATCH',
          path: ONE,
          mode: 'status',
          count: 2,
          answer: { status: 401, headers: { 'Content-Type': 'application/json' }, body: codatError(401, 'Unauthorized') },
        }),
      ),
  },
  'rate-limit-seconds': {
    async act() {
      await rateLimited(() => '1');
      const h = await mountOnStack();
      return { h, check: async () => expect(count(await stackRequests(), 'GET', LIST)).to.equal(2) };
    },
  },
  'rate-limit-date': {
    async act() {
      await rateLimited(() => new Date(Date.now() + 1_000).toUTCString());
      const h = await mountOnStack();
      return { h, check: async () => expect(count(await stackRequests(), 'GET', LIST)).to.equal(2) };
    },
  },
  'rate-limit-long': {
    async act() {
      await rateLimited(() => '3600');
      const h = await failingMount();
      return { h, check: async () => expect(count(await stackRequests(), 'GET', LIST)).to.equal(1) };
    },
    recover: retryList,
  },
  ...serverErrorScenarios,
  'reset-before-body': {
    async act(events) {
      const h = await mountOnStack();
      await clearAnswerFaults();
      await loseAnswers({ method: 'GET', path: LIST, mode: 'reset' });
      events.start();
      h.part('refresh-button')!.click();
      // Read again after the lost answer: by the client's retry, the engine's own resend of a reset
      // request, or both (WebKit, now and then: three reads). A read is idempotent.
      return { h, check: async () => expect(count(await stackRequests(), 'GET', LIST)).to.be.at.least(2) };
    },
  },
  'reset-during-body': {
    async act(events) {
      const h = await mountOnStack();
      await clearAnswerFaults();
      await loseAnswers({ method: 'GET', path: LIST, mode: 'cut' });
      events.start();
      h.part('refresh-button')!.click();
      // Read again after the lost answer: by the client's retry, the engine's own resend of a reset
      // request, or both (WebKit, now and then: three reads). A read is idempotent.
      return { h, check: async () => expect(count(await stackRequests(), 'GET', LIST)).to.be.at.least(2) };
    },
  },
  'body-truncated': {
    async act() {
      await changeAnswers({
        method: 'GET',
        path: LIST,
        mode: 'status',
        answer: { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"results":[{"id":"8' },
      });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'body-html': {
    async act() {
      await loseAnswers({ method: 'GET', path: LIST, mode: 'malformed' });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'body-empty': {
    async act() {
      await loseAnswers({ method: 'GET', path: LIST, mode: 'empty' });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'body-not-json': {
    async act() {
      await changeAnswers({ method: 'GET', path: LIST, mode: 'status', answer: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'OK' } });
      return { h: await failingMount() };
    },
    recover: retryList,
  },
  'unknown-values': {
    async act() {
      rewriteLists(({ results }) => {
        results[0]!['status'] = 'Suspended';
        results[1]!['sourceType'] = 'Payroll';
      });
      return { h: await mountOnStack() };
    },
  },
  'optional-missing': {
    async act() {
      rewriteLists((page) => {
        for (const connection of page.results)
          for (const field of ['integrationKey', 'lastSync', 'dataConnectionErrors', 'connectionInfo']) delete connection[field];
        delete (page['_links'] as Record<string, unknown>)['next'];
      });
      return { h: await mountOnStack() };
    },
  },
  'five-thousand': {
    async act() {
      rewriteLists((page) => {
        const seed = page.results;
        page.results = Array.from({ length: 5000 }, (_, index) => ({
          ...seed[index % seed.length],
          id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
          platformName: `${seed[index % seed.length]!['platformName']} ${index + 1}`,
        }));
        Object.assign(page, { totalResults: 5000, pageSize: 5000 });
      });
      const h = await mountOnStack({ attributes: { 'page-size': 5000 } });
      // Long lists render in chunks, a task apart: every row is there once they have all come.
      return { h, check: async () => expect(new Set((await h.waitForRows(5000)).map((row) => row.dataset['id'])).size).to.equal(5000) };
    },
  },
  'elsewhere-404': {
    act: (events) => actOnRow(events, 'unlink', 'Linked', (id) => callApi(`connections/${id}`, { method: 'DELETE' })),
  },
  'elsewhere-400': {
    act: (events) => actOnRow(events, 'unlink', 'Linked', (id) => unlinkElsewhere(id)),
  },
  'lost-unlink-answer': {
    act: (events) => actOnRow(events, 'unlink', 'Linked', () => loseAnswers({ method: 'PATCH', path: ONE, mode: 'reset' })),
  },
  'lost-delete-answer': {
    act: (events) => actOnRow(events, 'delete', 'Unlinked', () => loseAnswers({ method: 'DELETE', path: ONE, mode: 'cut' })),
  },
  'popup-closed': {
    async act(events) {
      const h = await mountOnStack();
      const popups = stubs.popups();
      events.start();
      void h.el.link(NEW_PLATFORM);
      popups.opened[0]?.close();
      return { h, name: await linkedName(events) };
    },
  },
  'consent-denied': {
    async act(events) {
      const h = await mountOnStack();
      const popups = stubs.popups();
      events.start();
      void h.el.link(NEW_PLATFORM);
      const popup = popups.opened[0]!;
      await decideIn(popup, /deny/i);
      // Codat sends the popup to the return page, whose script (demo/public/codat-return.js) tells
      // the element and closes the window.
      await waitFor(() => popup.closed, 'the return page closing the popup');
      return { h, name: await linkedName(events) };
    },
  },
  ...doubleClickScenarios,
  'company-changed': {
    async act(events) {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const other = await otherCompany();
      const target = h.connectionWith('Linked');
      await stubs.faults({ latency: 400 });
      h.button(target.id, 'unlink')!.click();
      events.start();
      h.el.client = other.client;
      return {
        h,
        truth: async () => {
          await clearFaults();
          const { results } = await other.client.list({ pageSize: 100 });
          return results.map((connection) => ({ id: connection.id, name: connection.platformName, status: label(connection.status) }));
        },
      };
    },
  },
  'offline-online': {
    async act(events) {
      const h = await mountOnStack();
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) await loseAnswers({ method, path: '.', mode: 'reset', count: 100 });
      events.start();
      h.part('refresh-button')!.click();
      return { h };
    },
    // The network is back: the browser says so, and the element reads the list again by itself.
    async recover({ h }) {
      await clearFaults();
      const ready = h.next('codat-ready');
      window.dispatchEvent(new Event('online'));
      await ready;
      expect(h.part('notice'), 'the stale notice gone').to.equal(null);
    },
  },
};

/** The platform name of the connection a link started with. */
async function linkedName(events: EventLog): Promise<string> {
  await waitFor(() => events.seen.includes('codat-link-started'), 'codat-link-started');
  const detail = events.details[events.seen.indexOf('codat-link-started')] as { connection: { name?: string; platformName?: string } };
  return (detail.connection.name ?? detail.connection.platformName)!;
}

// ----- the run

describe('the fault matrix', () => {
  before(() => console.log(`The fault matrix (test/faults/README.md):\n${faultTable()}`));
  afterEach(() => clearAnswerFaults());

  it('has one test for every fault, and a fault for every test', () => {
    expect(Object.keys(scenarios).sort()).to.deep.equal(faults.map((entry) => entry.id).sort());
  });

  for (const entry of faults) {
    it(`${entry.id}: ${entry.fault}`, async () => {
      const scenario = scenarios[entry.id];
      expect(scenario, `no test for ${entry.id}`).to.exist;
      await playOut(entry, scenario!);
    });
  }
});

async function playOut(entry: Fault, scenario: Scenario): Promise<void> {
  const events = new EventLog();
  // A fault of the first load: its events begin with the mount.
  events.start();
  try {
    const run = await scenario.act(events);
    const { h } = run;
    await waitFor(() => events.seen.length >= entry.events.length, `the events ${entry.events.join(', ')} (have ${events.seen.join(', ')})`);
    await h.settle();
    await h.settle();
    expect(events.seen, 'events').to.deep.equal(entry.events);
    const text = seenText(h);
    for (const expected of entry.sees) expect(text, 'what the user sees').to.include(expected.replace('{name}', run.name ?? '{name}'));
    // Retry is something to press: a button the user can reach, not just a word.
    if (entry.sees.includes('Retry')) expect(buttonsShown(h), 'the buttons shown').to.include('Retry');
    await run.check?.();
    if (scenario.recover) {
      await scenario.recover(run);
      await h.settle();
    }
    const truth = await (run.truth ?? emulatorRows)();
    expect(byId(shownRows(h)), 'the rows shown equal the emulator’s').to.deep.equal(byId(truth));
  } finally {
    events.stop();
  }
}
