// The one harness for <codat-connections> in browser tests: mounting (on the real stack, or with an
// in-memory client), queries for what a user sees (rows, buttons, status, announcements, dialog,
// picker), waits for states, and one registry of stubs restored in one place after every test.
import { fixture, oneEvent } from '@open-wc/testing';
import '../../packages/widget/src/codat-connections.js';
import type { CodatConnections, ConnectionView } from '../../packages/widget/src/index.js';
import { createConnectionsClient, type Connection, type ConnectionsClient, type TokenGrant, type TokenProvider } from '@codat-connections/core';
import { grant } from './fixtures.js';
import { callApi, fetchGrant, recordFetches, recordTimers, resetEmulator, setFaults, signIn, signOut, tokenUrl, waitFor } from './browser.js';

export { tokenUrl, waitFor };
export type { CodatConnections };

// ----- stubs: every change to the page's globals goes through here and is undone after the test

type Restore = () => void | Promise<void>;
const restorers: Restore[] = [];

/** Fetches recorded by `stubs.fetches()`: method, URL and whether the request was aborted. */
export type RecordedFetch = { method: string; url: string; aborted: () => boolean };

export const stubs = {
  /** Registers an undo step; steps run after the test, newest first. */
  add(restore: Restore): void {
    restorers.push(restore);
  },

  /** Records the windows `window.open` returns (the real popups, closed afterwards), or returns null as a blocker does. */
  popups({ blocked = false } = {}): { opened: Array<Window | null>; calls: unknown[][] } {
    const original = window.open;
    const opened: Array<Window | null> = [];
    const calls: unknown[][] = [];
    window.open = (...args: Parameters<typeof window.open>) => {
      calls.push(args);
      const popup = blocked ? null : original.apply(window, args);
      opened.push(popup);
      return popup;
    };
    stubs.add(() => {
      window.open = original;
      opened.forEach((popup) => popup?.close());
    });
    return { opened, calls };
  },

  /** Every `fetch` the page makes from now on. */
  fetches(): { calls: RecordedFetch[] } {
    const { calls, restore } = recordFetches();
    stubs.add(restore);
    return { calls };
  },

  /** Wraps `fetch`: `rewrite` may change a JSON response body; `responses` holds every response promise. */
  rewriteResponses(rewrite: (body: string) => string = (body) => body): { responses: Array<{ method: string; url: string; response: Promise<Response> }> } {
    const original = window.fetch;
    const responses: Array<{ method: string; url: string; response: Promise<Response> }> = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = original(input, init).then(async (answer) => {
        if (!answer.headers.get('Content-Type')?.includes('json')) return answer;
        const body = rewrite(await answer.text());
        return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
      });
      responses.push({ method: request.method, url: request.url, response });
      return response;
    };
    stubs.add(() => void (window.fetch = original));
    return { responses };
  },

  /** Counts timers created and not yet cleared or run, from now on. */
  timers(): { pending: () => number } {
    const { pending, restore } = recordTimers();
    stubs.add(restore);
    return { pending };
  },

  /** Injects emulator faults (see the emulator's README); cleared after the test. */
  async faults(faults: Record<string, unknown>): Promise<void> {
    if (!faultsSet) stubs.add(() => setFaults({}).finally(() => (faultsSet = false)));
    faultsSet = true;
    await setFaults(faults);
  },

  /** Puts query parameters in the address bar (as a redirect back from Codat does), beside one of the page's own (`keep=1`). */
  address(params: Record<string, string>): void {
    const before = location.href;
    history.replaceState(null, '', `?keep=1&${new URLSearchParams(params)}`);
    stubs.add(() => history.replaceState(null, '', before));
  },

  /** Sets the document's `lang`. */
  documentLang(lang: string): void {
    const before = document.documentElement.lang;
    document.documentElement.lang = lang;
    stubs.add(() => void (document.documentElement.lang = before));
  },

  /** Replaces the element's navigation seam; returns the URLs it was sent to. */
  navigation(el: CodatConnections): string[] {
    const sent: string[] = [];
    (el as unknown as { navigate(url: string): void }).navigate = (url) => sent.push(url);
    stubs.add(() => void delete (el as unknown as { navigate?: unknown }).navigate);
    return sent;
  },

  /** Records what is written to `console[method]` from now on (and keeps it out of the test output). */
  console(method: 'error' | 'warn' | 'log'): unknown[][] {
    const original = console[method];
    const written: unknown[][] = [];
    console[method] = (...args: unknown[]) => void written.push(args);
    stubs.add(() => void (console[method] = original));
    return written;
  },

  /** Undoes every stub, newest first; called once after each test (below). */
  async restore(): Promise<void> {
    const failures: unknown[] = [];
    for (const restore of restorers.splice(0).reverse()) {
      try {
        await restore();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  },
};
let faultsSet = false;

// The one place stubs are undone: a root hook, installed once by the first test file importing this.
afterEach(() => stubs.restore());

// ----- connections, as the element's public API gives them

/**
 * A node's text as a sighted user sees it while its row has no focus (whitespace collapsed): without
 * the exact times its dates carry as hidden text for screen readers.
 */
export function shownText(node: Node): string {
  const copy = node.cloneNode(true) as Element;
  copy.querySelectorAll?.('.exact').forEach((exact) => exact.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The facts of a connection tests rely on. */
export type ConnectionFacts = Pick<ConnectionView, 'id' | 'name' | 'status' | 'platformKey' | 'sourceType' | 'linkUrl'>;

/** A connection from `el.connections` or an event's `detail.connection`, as ConnectionFacts. */
export function facts(connection: ConnectionView): ConnectionFacts {
  const { id, name, status, platformKey, sourceType, linkUrl } = connection;
  return { id, name, status, platformKey, sourceType, linkUrl };
}

/** Where a connection stands, as its status part (`status-linked`, ...) names it. */
export type StatusState = ConnectionView['state'];

const statusStates: readonly StatusState[] = ['linked', 'pending', 'disconnected', 'expired', 'unknown'];

export type RowButton = 'reconnect' | 'unlink' | 'delete';
type Row = HTMLElement | string;

/** The harness around one mounted element. */
export class Harness {
  /** The codat-ready or codat-error event the mount waited for, if any. */
  event: CustomEvent | undefined;

  constructor(readonly el: CodatConnections) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  /** The first visible element with `part` (hidden buttons that do not apply are left out). */
  part(name: string, within: ParentNode = this.root): HTMLElement | null {
    return within.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);
  }

  parts(name: string, within: ParentNode = this.root): HTMLElement[] {
    return [...within.querySelectorAll<HTMLElement>(`[part~="${name}"]:not([hidden])`)];
  }

  // ----- rows

  rows(): HTMLElement[] {
    return this.parts('item');
  }

  /** The row of a connection id, else the first row whose platform name is `idOrName`. */
  row(idOrName: string): HTMLElement | null {
    return (
      this.root.querySelector<HTMLElement>(`[part~="item"][data-id="${CSS.escape(idOrName)}"]`) ??
      this.rows().find((row) => this.part('name', row)?.textContent === idOrName) ??
      null
    );
  }

  rowIds(): string[] {
    return this.rows().map((row) => row.dataset['id']!);
  }

  /** The platform names of the rows, in order. */
  names(): string[] {
    return this.parts('name').map((name) => name.textContent!);
  }

  private rowOf(row: Row): HTMLElement | null {
    return typeof row === 'string' ? this.row(row) : row;
  }

  /** A row's Reconnect, Unlink or Delete button, when the user can see it. */
  button(row: Row, kind: RowButton): HTMLElement | null {
    const found = this.rowOf(row);
    return found ? this.part(`${kind}-button`, found) : null;
  }

  /** Something with `part` inside a row, when visible. */
  inRow(row: Row, name: string): HTMLElement | null {
    const found = this.rowOf(row);
    return found ? this.part(name, found) : null;
  }

  /** A row's status badge text. */
  statusText(row: Row): string | null | undefined {
    return this.rowOf(row)?.querySelector('[part~="status"]')?.textContent;
  }

  /**
   * The state a row's status badge names by its part (`status status-linked` is `linked`); a
   * badge with any other set of parts is described as it is, so that an assertion shows it.
   */
  statusPart(row: Row): StatusState | string | undefined {
    const badge = this.rowOf(row)?.querySelector('[part~="status"]');
    if (!badge) return undefined;
    const parts = badge
      .getAttribute('part')!
      .split(/\s+/)
      .filter((part) => part !== 'status');
    const state = parts.length === 1 ? statusStates.find((each) => parts[0] === `status-${each}`) : undefined;
    return state ?? `parts "${badge.getAttribute('part')}"`;
  }

  /** The badges whose part names `state`. */
  statusBadges(state: StatusState): HTMLElement[] {
    return this.parts(`status-${state}`);
  }

  /** A row's progress text while an action runs. */
  pending(row: Row): string | null | undefined {
    return this.inRow(row, 'pending')?.textContent;
  }

  /** Whether a row says it is busy (`aria-busy`). */
  busy(row: Row): boolean {
    return this.rowOf(row)?.getAttribute('aria-busy') === 'true';
  }

  /** The "continue in a new tab" link of a row whose popup was blocked. */
  continueLink(row: Row): HTMLAnchorElement | null {
    return this.inRow(row, 'continue-link') as HTMLAnchorElement | null;
  }

  // ----- the element's state, through its public API

  /** `el.connections` as ConnectionFacts. */
  connections(): ConnectionFacts[] {
    return this.el.connections.map(facts);
  }

  /** The first loaded connection with `status` (Codat's word: `Linked`, `PendingAuth`, `Unlinked`, `Deauthorized`). */
  connectionWith(status: string): ConnectionFacts {
    const found = this.connections().find((connection) => connection.status === status);
    if (!found) throw new Error(`no connection is ${status}`);
    return found;
  }

  /** The first loaded connection made with platform `key`. */
  connectionOf(key: string): ConnectionFacts {
    const found = this.connections().find((connection) => connection.platformKey === key);
    if (!found) throw new Error(`no connection of ${key}`);
    return found;
  }

  // ----- announcements, dialog, header, picker, focus

  /** The polite live region's text (without the zero-width space that makes a repeat heard). */
  announcement(): string {
    return this.root.querySelector('[role="status"][aria-live="polite"]')!.textContent!.replace(/\u200b/g, '');
  }

  title(): string {
    return this.part('title')?.textContent?.trim() ?? '';
  }

  /** The confirmation dialog when it is open. */
  dialog(): HTMLDialogElement | null {
    return this.root.querySelector<HTMLDialogElement>('dialog[open]');
  }

  waitForDialog(): Promise<HTMLDialogElement> {
    return waitFor(() => this.dialog(), 'the dialog');
  }

  /** Clicks the open dialog's confirm button. */
  confirm(): void {
    this.part('dialog-confirm', this.dialog() ?? this.root)!.click();
  }

  /** Clicks the open dialog's cancel button. */
  cancel(): void {
    this.part('dialog-cancel', this.dialog() ?? this.root)!.click();
  }

  linkButton(): HTMLElement | null {
    return this.part('link-button');
  }

  loadMore(): HTMLElement | null {
    return this.part('load-more');
  }

  /** Opens the platform picker and waits for its platforms. */
  async openPicker(): Promise<HTMLElement[]> {
    this.linkButton()!.click();
    await waitFor(() => this.part('picker-item'), 'platforms in the picker');
    return this.pickerItems();
  }

  pickerItems(): HTMLElement[] {
    return this.parts('picker-item');
  }

  /** The platform names offered in the picker. */
  pickerNames(): string[] {
    return this.pickerItems().map((item) => item.querySelector('.name')!.textContent!.trim());
  }

  /** The element focused inside the shadow root. */
  focused(): Element | null {
    return this.root.activeElement;
  }

  /** Types into an input part (the filter or the picker's search). */
  type(partName: 'filter' | 'picker-search', text: string): Promise<boolean> {
    const input = this.part(partName) as HTMLInputElement;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    return this.el.updateComplete;
  }

  // ----- events

  /** The next `type` event from the element (create it before the action that fires it). */
  next(type: string): Promise<CustomEvent> {
    return oneEvent(this.el, type) as Promise<CustomEvent>;
  }

  /** Records every `type` event from now on. */
  record(type: string): CustomEvent[] {
    const events: CustomEvent[] = [];
    this.el.addEventListener(type, (event) => events.push(event as CustomEvent));
    return events;
  }

  // ----- waiting for a state

  waitFor<T>(predicate: () => T, what: string): Promise<NonNullable<T>> {
    return waitFor(predicate, what);
  }

  async waitForRows(count: number): Promise<HTMLElement[]> {
    await waitFor(() => this.rows().length === count, `${count} rows (have ${this.rows().length})`);
    return this.rows();
  }

  async waitForAnnouncement(expected: string | RegExp): Promise<string> {
    const matches = () => (typeof expected === 'string' ? this.announcement().includes(expected) : expected.test(this.announcement()));
    await waitFor(matches, `the announcement ${expected} (have "${this.announcement()}")`);
    return this.announcement();
  }

  waitForTitle(title: string): Promise<true> {
    return waitFor(() => this.title() === title, `the title "${title}" (have "${this.title()}")`);
  }

  waitForFocus(target: () => Element | null | undefined, what: string): Promise<true> {
    return waitFor(() => {
      const expected = target();
      return Boolean(expected) && this.focused() === expected;
    }, `focus on ${what}`);
  }

  /**
   * Lets the element take in what it was just given (a late answer): its pending update, then
   * one frame. For tests that show nothing changes afterwards.
   */
  async settle(): Promise<void> {
    await this.el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await this.el.updateComplete;
  }
}

/** A harness around an element already in the page. */
export const harnessFor = (el: CodatConnections): Harness => new Harness(el);

// ----- mounting

export interface MountOptions {
  /** Attributes to set; `null`, `undefined` or `false` leaves one out, `true` sets it empty. */
  attributes?: Record<string, string | number | boolean | null | undefined>;
  /** Properties to set before the element is connected (`client`, `tokenProvider`, `strings`, ...). */
  properties?: Partial<Pick<CodatConnections, 'client' | 'tokenProvider' | 'strings' | 'linkMode'>> & Record<string, unknown>;
  /** Light DOM content (slotted elements), as HTML. */
  content?: string;
  /** Elements around the element, as HTML; it goes inside the innermost one (`<div lang="de"></div>`). */
  within?: string;
  /** What to wait for: `ready` (the default: a codat-error fails), `error` (a codat-ready fails), or nothing more than the first render. */
  until?: 'ready' | 'error' | 'rendered';
}

/** Mounts an element and waits as `options.until` says. */
export async function mount(options: MountOptions = {}): Promise<Harness> {
  const el = document.createElement('codat-connections') as CodatConnections;
  // Changes made elsewhere are followed where a test asks for it (`live: 'on'`): the others count
  // the requests of what they test, without the event stream's.
  for (const [name, value] of Object.entries({ live: 'off', ...options.attributes })) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  Object.assign(el, options.properties ?? {});
  if (options.content) el.innerHTML = options.content;
  let outer: Element = el;
  if (options.within) {
    const holder = document.createElement('div');
    holder.innerHTML = options.within;
    outer = holder.firstElementChild!;
    let innermost = outer;
    while (innermost.firstElementChild) innermost = innermost.firstElementChild;
    innermost.append(el);
    outer.remove();
  }
  const until = options.until ?? 'ready';
  const first = until === 'rendered' ? undefined : (Promise.race([oneEvent(el, 'codat-ready'), oneEvent(el, 'codat-error')]) as Promise<CustomEvent>);
  await fixture(outer);
  const harness = new Harness(el);
  if (first) {
    const event = await first;
    if (event.type !== `codat-${until}`) {
      const detail = event.detail as { operation?: string; error?: Error };
      throw new Error(`${event.type} instead of codat-${until}${detail.error ? ` (${detail.operation}): ${detail.error.message}` : ''}`);
    }
    harness.event = event;
  }
  await el.updateComplete;
  return harness;
}

export interface StackOptions extends MountOptions {
  /** Who is signed in (`admin` by default; `null`: nobody). */
  user?: 'admin' | 'alice' | null;
  /** Emulator faults to inject after the reset, before the element mounts. */
  faults?: Record<string, unknown>;
  /** `false` when the test has called `prepareStack()` itself (e.g. to record fetches from the mount on). */
  prepare?: boolean;
}

/** Resets the emulator to its seed and signs in (`admin` by default; `null` signs out); returns the user's company. */
export async function prepareStack(user: 'admin' | 'alice' | null = 'admin'): Promise<{ companyId?: string }> {
  await resetEmulator();
  if (user) return signIn(user);
  await signOut();
  return {};
}

/**
 * Mounts the element on the real stack: resets the emulator, signs in, and mounts with `token-url`
 * (unless `attributes` say otherwise), all actions offered unless `attributes.actions` says which.
 */
export async function mountOnStack(options: StackOptions = {}): Promise<Harness> {
  if (options.prepare !== false) await prepareStack(options.user === undefined ? 'admin' : options.user);
  if (options.faults) await stubs.faults(options.faults);
  const mounting = () => mount({ ...options, attributes: { 'token-url': tokenUrl, ...options.attributes } });
  return options.until === 'rendered' ? mounting() : withRequestsAnswered(mounting);
}

/**
 * Runs `mounting`, then waits until every request it started has its answer: the platforms load
 * beside the list and the freshness after it, both may answer after codat-ready, and a fault the
 * test injects next (a forced status counts requests) must meet only the test's own requests.
 */
async function withRequestsAnswered<T>(mounting: () => Promise<T>): Promise<T> {
  const original = window.fetch;
  const answers: Array<Promise<unknown>> = [];
  window.fetch = (...args: Parameters<typeof fetch>) => {
    const answer = original(...args);
    // The whole body: a token's JSON must be read before the requests that wait for it can start.
    // An event stream's body never ends: its answer is its headers.
    const [input, init] = args;
    const stream = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('Accept') === 'text/event-stream';
    answers.push(answer.then((response) => (stream ? undefined : response.clone().arrayBuffer())).catch(() => undefined));
    return answer;
  };
  try {
    const mounted = await mounting();
    // Answers lead to more requests (freshness follows the list): wait until a macrotask passes without a new one.
    for (let awaited = 0; awaited < answers.length;) {
      const waiting = answers.slice(awaited);
      awaited = answers.length;
      await Promise.all(waiting);
      // Two turns of the event loop: what the answers' readers start next (after their own awaits) has started.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return mounted;
  } finally {
    window.fetch = original;
  }
}

/** Mounts the element with a client of its own (the `client` property), e.g. a memoryClient. */
export function mountWithClient(client: ConnectionsClient, options: MountOptions = {}): Promise<Harness> {
  return mount({ ...options, properties: { ...options.properties, client } });
}

// ----- the stack, behind the element's back

/** The signed-in company and its connections, as the stack has them. */
export async function stackCompany(): Promise<{ companyId: string; connections: ConnectionFacts[] }> {
  const grant = await fetchGrant();
  const { results } = await createConnectionsClient({ token: tokenUrl }).list({ pageSize: 100 });
  const connections = results.map(({ id, platformName: name, status, integrationKey: platformKey, sourceType, linkUrl }) => ({
    id,
    name,
    status,
    platformKey,
    sourceType,
    linkUrl,
  }));
  return { companyId: grant.companyId, connections };
}

/**
 * A client for another company than the demo users': the seed's two-connection company, reached
 * at the emulator with its key (as a partner's backend reaches Codat), since the stack's token
 * endpoint only grants the demo company. Also its connections' ids, in list order.
 */
export async function otherCompany(): Promise<{ client: ConnectionsClient; connectionIds: string[] }> {
  const client = createConnectionsClient({
    token: async () => grant({ accessToken: 'unused', companyId: 'c0a10000-c0da-4e55-8000-000000000004', baseUrl: `${location.origin}/emulator` }),
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Basic ${btoa('emulator-api-key')}`);
      return window.fetch(input, { ...init, headers });
    },
  });
  const { results } = await client.list();
  return { client, connectionIds: results.map((connection) => connection.id) };
}

/** A client over the stack whose list pages pass through `change`: Codat answering otherwise. */
export function stackClientWhere(change: (connections: Connection[]) => void): ConnectionsClient {
  const stack = createConnectionsClient({ token: tokenUrl });
  return {
    ...stack,
    list: async (params) => {
      const page = await stack.list(params);
      change(page.results);
      return page;
    },
  };
}

/** A grant from the stack without `baseUrl`, so the element's `base-url` decides where operations go. */
export const grantWithoutBaseUrl: TokenProvider = async () => {
  const { baseUrl: _ignored, ...grant } = await fetchGrant();
  return grant as TokenGrant;
};

/** Unlinks a connection behind the element's back, as another tab or Codat itself would. */
export async function unlinkElsewhere(connectionId: string): Promise<void> {
  const response = await callApi(`connections/${connectionId}`, { method: 'PATCH', body: JSON.stringify({ status: 'Unlinked' }) });
  if (response.status !== 200) throw new Error(`the direct unlink answered ${response.status}`);
}

/** Whether a connection still exists at the stack. */
export async function existsOnStack(connectionId: string): Promise<boolean> {
  const response = await callApi(`connections/${connectionId}`);
  if (response.status !== 200 && response.status !== 404) throw new Error(`the direct get answered ${response.status}`);
  return response.status === 200;
}

/** The list requests (GET on the connections collection) among recorded fetches, as URLs. */
export const listRequests = (calls: Array<{ method: string; url: string }>): URL[] =>
  calls.filter((call) => call.method === 'GET' && new URL(call.url).pathname.endsWith('/connections')).map((call) => new URL(call.url));

/** Clicks Authorize on the emulator's link page inside the popup (same origin in tests). */
export async function authorizeIn(popup: Window): Promise<void> {
  const button = await waitFor(() => {
    try {
      if (!popup.location.pathname.startsWith('/emulator')) return undefined;
      return [...popup.document.querySelectorAll<HTMLElement>('button, input[type="submit"]')].find((candidate) =>
        /authori[sz]e/i.test(candidate.textContent || (candidate as HTMLInputElement).value || ''),
      );
    } catch {
      return undefined;
    }
  }, 'the link page in the popup');
  button.click();
}

/** Authorizes (or denies) a connection the way the user does on the emulator's link page: POSTing its form. */
export async function authorizeOnLinkPage(linkUrl: string, decision: 'authorize' | 'deny' = 'authorize'): Promise<void> {
  const response = await fetch(linkUrl, { method: 'POST', body: new URLSearchParams({ decision }), redirect: 'manual' });
  // 200 (the "done" page) or a redirect back to the portal; both mean the decision was taken.
  if (!(response.ok || response.type === 'opaqueredirect')) throw new Error(`${decision} on the link page answered ${response.status}`);
}

/** Follows a continue link as the user does; the new tab itself is not opened (it would outlive the test). */
export function follow(link: HTMLAnchorElement): void {
  link.addEventListener('click', (event) => event.preventDefault(), { once: true });
  link.click();
}
