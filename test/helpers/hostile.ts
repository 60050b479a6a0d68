// Hostile Codat answers for property-based tests of <codat-connections> (issue 11). Codat's
// answers are described in packages/core/src/types.ts and Codat-Platform.json; these are the
// answers a proxy, a bug or an attacker may send instead: pages and rows with every field missing,
// null or of the wrong type, strings that try to become markup, statuses named like Object's
// properties, invalid dates, bodies that are not JSON, and 4xx/5xx statuses. They reach the element
// through the real core client over a fake `fetch`, and `runScenario` drives the element through
// them: first load (in link-mode="redirect" with the `get` of the return), picker, unlink, filter.
//
// Used by packages/widget/test/hostile-answers.browser.test.ts (fixed seed) and bench/hostile.mjs
// (a longer run with a random seed).
import fc, { type IAsyncPropertyWithHooks } from 'fast-check';
import { createConnectionsClient } from '@codat-connections/core';
import '../../packages/widget/src/codat-connections.js';
import type { CodatConnections } from '../../packages/widget/src/index.js';

// ----- strings and values

/** Strings that would become elements or attributes if the element ever treated API text as markup. */
export const markupMarkers = [
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '<script>alert(1)</script>',
  '</span></li><li part="item" class="item">injected</li>',
  '" onmouseover="alert(1)" x="',
  '<a href="javascript:alert(1)">click</a>',
  '<!--',
  '<?lit$1234$>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
] as const;

/** Names of Object's own machinery, as a status, a key or a name. */
const objectNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;

/** Text that is valid JSON but hard on text handling: empty, invisible, bidirectional, case-changing, astral, unpaired. */
const awkwardText = ['', ' ', '\u200b', '\u202eevil', 'İstanbul', 'ß', 'ΣΑΣ', '日本の会計', '🙂 Xero', 'e\u0301', '\ud800', '\u0000', 'a\nb'] as const;

/**
 * A long string, printed short in a counterexample (`LongText(100000 × "W" + "…")`) and sent in
 * full: `JSON.stringify` uses `toJSON`.
 */
export class LongText {
  constructor(
    readonly length: number,
    readonly tail: string,
  ) {}
  toJSON(): string {
    return 'W'.repeat(this.length) + this.tail;
  }
  [fc.toStringMethod](): string {
    return `LongText(${this.length} × "W" + ${JSON.stringify(this.tail)})`;
  }
}

/** Any text an API might send where a name, a key or a type is expected. */
export const hostileText: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...markupMarkers) },
  { weight: 2, arbitrary: fc.constantFrom(...objectNames) },
  { weight: 3, arbitrary: fc.constantFrom(...awkwardText) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(10_000, 100_000), fc.constantFrom('', ...markupMarkers)).map(([length, tail]) => new LongText(length, tail)),
  },
);

/**
 * Values of the wrong type for any field. `{ toString: 1 }` cannot be turned into a string at all
 * (`String(value)` throws), `Infinity` reaches the page as `1e999`.
 */
export const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(0, 42, -1, 1.5, 2 ** 53 + 1, Infinity, -Infinity),
  fc.boolean(),
  fc.constantFrom({}, [], [null], [42], ['<img src=x onerror=alert(1)>']),
  fc.constantFrom({ toString: 1 }, { toString: {}, valueOf: {} }, { length: -1 }),
  fc.constant({ '"><img src=x onerror=alert(1)>': '<script>alert(1)</script>' }),
);

/** Records with Object's prototype, as `JSON.parse` makes them (and printed without `__proto__:null`). */
const plain = { noNullPrototype: true };

/** Deleted from its object: a field that is missing. */
const ABSENT = Symbol('absent');
const absent = fc.constant(ABSENT);

/** What may come instead of any field's value: nothing (the field is missing), a wrong type, or hostile text. */
const anyHostile: fc.Arbitrary<unknown> = fc.oneof(absent, wrongTyped, hostileText);

/** `object` with `key` as its own property, also for `__proto__` (an object literal would set the prototype instead). */
function withOwn(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  if (value === ABSENT) delete copy[key];
  else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A valid object with 1 to `most` of its fields replaced by hostile ones (or removed). */
function mutated(
  valid: fc.Arbitrary<Record<string, unknown>>,
  hostile: Record<string, fc.Arbitrary<unknown>>,
  most = 3,
): fc.Arbitrary<Record<string, unknown>> {
  const change = fc.oneof(...Object.entries(hostile).map(([key, value]) => fc.tuple(fc.constant(key), value)));
  return fc
    .tuple(valid, fc.uniqueArray(change, { minLength: 1, maxLength: most, selector: ([key]) => key }))
    .map(([object, changes]) => changes.reduce((result, [key, value]) => withOwn(result, key, value), object));
}

// ----- connections

/** Ids that recur across rows, pages and the redirect, so that duplicates and matches happen. */
export const knownIds = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'] as const;

const connectionId = fc.oneof(fc.constantFrom(...knownIds), fc.uuid({ version: 4 }));
const isoDate = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const validStatus = fc.oneof(
  { weight: 4, arbitrary: fc.constant('Linked') },
  { weight: 3, arbitrary: fc.constantFrom('PendingAuth', 'Unlinked', 'Deauthorized') },
);
const sourceType = fc.constantFrom('Accounting', 'Banking', 'Commerce', 'BankFeed', 'Expense', 'Other', 'Unknown');
const platformKey = fc.constantFrom('gbol', 'qhyg', 'akxx', 'mqjo');
const platformName = fc.constantFrom('Xero', 'QuickBooks Online', 'Sage Intacct', 'Banco Santander — España', '日本の会計', 'Ünïcödé Bank');

const validError = fc.record(
  {
    statusCode: fc.constantFrom('401', '403', '500'),
    statusText: fc.constantFrom('Unauthorized', 'Forbidden'),
    errorMessage: fc.oneof(fc.constant('The token was revoked'), fc.constantFrom(...markupMarkers)),
    erroredOnUtc: isoDate,
    status: fc.constantFrom('Active', 'Resolved', 'Unknown'),
    resolvedOnUtc: isoDate,
  },
  { requiredKeys: [], noNullPrototype: true },
);

/** Codat's `DataConnectionError` list, and what comes instead: `{}`, `[null]`, `[{ errorMessage: 42 }]`… */
const hostileErrors: fc.Arbitrary<unknown> = fc.oneof(
  anyHostile,
  fc.constantFrom({}, [null], [[]], [{}], [{ errorMessage: 42 }], [{ statusCode: {} }], [{ status: {}, errorMessage: { toString: 1 } }]),
  fc.array(
    mutated(validError, {
      statusCode: anyHostile,
      statusText: anyHostile,
      errorMessage: anyHostile,
      erroredOnUtc: fc.oneof(anyHostile, fc.constantFrom('not a date', '2024-13-45T99:99:99Z')),
      status: fc.oneof(anyHostile, fc.constantFrom(...objectNames)),
    }),
    { maxLength: 3 },
  ),
);

const invalidDates = fc.constantFrom('not a date', '2024-13-45T99:99:99Z', '+275760-09-13T00:00:00.001Z', '+275760-09-13T00:00:00.000Z', '0', '', 'Infinity');

/** A `Connection` as Codat's description has it. */
export const validConnection: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    id: connectionId,
    integrationId: fc.uuid({ version: 4 }),
    integrationKey: platformKey,
    sourceId: fc.uuid({ version: 4 }),
    sourceType,
    platformName,
    status: validStatus,
    lastSync: fc.option(isoDate, { nil: null }),
    created: isoDate,
    dataConnectionErrors: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(validError, { maxLength: 2 }) }),
  })
  .map((row) => ({ ...row, linkUrl: `https://link.codat.io/companies/x/connections/${row.id}/start` }));

/** For each field of `Connection`, what may come instead. */
const hostileConnectionFields: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof(anyHostile, fc.constantFrom('not-a-uuid', knownIds[0].toUpperCase())),
  integrationId: anyHostile,
  integrationKey: fc.oneof(anyHostile, fc.constantFrom('GBOL', 'gbolx')),
  sourceId: anyHostile,
  sourceType: anyHostile,
  platformName: anyHostile,
  linkUrl: fc.oneof(
    anyHostile,
    fc.constantFrom(
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://evil.example/link',
      '//evil.example/link',
      ' https://link.codat.io/x',
    ),
  ),
  status: fc.oneof(anyHostile, fc.constantFrom(...objectNames, 'ACTIVE', 'linked', 'Linked ', 'Deleted')),
  lastSync: fc.oneof(anyHostile, invalidDates, fc.constant(1_700_000_000_000)),
  created: fc.oneof(anyHostile, invalidDates, fc.constant(1_700_000_000_000)),
  dataConnectionErrors: hostileErrors,
  connectionInfo: anyHostile,
  __proto__: fc.constantFrom({ status: 'Linked' }, null, 42),
  constructor: fc.constantFrom('Linked', {}, null),
};

/** One row of a list, or one `get` or `unlink` answer: valid, with a few fields wrong, or not a connection at all. */
export const hostileConnection: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: validConnection },
  { weight: 6, arbitrary: mutated(validConnection, hostileConnectionFields) },
  { weight: 1, arbitrary: fc.oneof(wrongTyped, hostileText) },
);

// ----- pages

const links = { self: { href: '/companies/x/connections' }, current: { href: '/companies/x/connections?page=1' } };

/** What may come instead of `results` and `totalResults` (and the rest of the paging envelope). */
const hostileEnvelope: Record<string, fc.Arbitrary<unknown>> = {
  results: fc.oneof(absent, wrongTyped, fc.constantFrom([null], [42, 'x'], { 0: {} })),
  totalResults: fc.oneof(absent, wrongTyped, fc.constantFrom('3', '', 'NaN', 0, 1e21, 10_000)),
  pageNumber: anyHostile,
  pageSize: anyHostile,
  _links: anyHostile,
};

/** A page whose envelope is valid (`totalResults` matches) or has a few fields wrong. */
function hostilePage(row: fc.Arbitrary<unknown>, maxRows: number): fc.Arbitrary<unknown> {
  const valid = fc
    .array(row, { maxLength: maxRows })
    .map((results): Record<string, unknown> => ({ results, pageNumber: 1, pageSize: 50, totalResults: results.length, _links: links }));
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 2, arbitrary: mutated(valid, hostileEnvelope, 2) },
    { weight: 1, arbitrary: fc.oneof(wrongTyped, hostileText) },
  );
}

/** Codat's `Connections` page: rows from `hostileConnection`, envelope sometimes hostile. */
export const hostileListPage = hostilePage(hostileConnection, 6);

/** Codat's `Integration` as described. */
const validIntegration: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    key: platformKey,
    name: platformName,
    // `/codat-return.html`: a same-origin URL the test server (and the bench's) answers.
    logoUrl: fc.constantFrom('https://static.codat.io/public/officialLogos/Square/x.png', '/codat-return.html', ''),
    enabled: fc.constant(true),
    sourceType,
    integrationId: fc.uuid({ version: 4 }),
  },
  plain,
);

const hostileIntegrationFields: Record<string, fc.Arbitrary<unknown>> = {
  key: fc.oneof(anyHostile, fc.constantFrom('GBOL', 'gbolx', 'gb ol', ...objectNames)),
  name: anyHostile,
  logoUrl: fc.oneof(
    anyHostile,
    fc.constantFrom(
      'javascript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'http://evil.example/logo.png',
      '//evil.example/logo.png',
      'http://localhost/logo.png',
      'https://evil.example/" onerror="alert(1)',
    ),
  ),
  sourceType: anyHostile,
  enabled: fc.oneof(absent, fc.constantFrom(false, 'true', 'false', 1, 0, null, {})),
  integrationId: anyHostile,
};

const hostileIntegration: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: validIntegration },
  { weight: 6, arbitrary: mutated(validIntegration, hostileIntegrationFields) },
  { weight: 1, arbitrary: fc.oneof(wrongTyped, hostileText) },
);

/** Codat's `Integrations` page. */
export const hostileIntegrationsPage = hostilePage(hostileIntegration, 5);

// ----- HTTP answers

/** What the fake `fetch` answers for one request: a status and a body (JSON, or raw text), or no answer at all. */
export type Answer = { status: number; json: unknown } | { status: number; text: string } | { networkError: true };

/** Bodies that are not JSON, or JSON that is no page or connection. */
const rawBodies = fc.constantFrom(
  '',
  ' ',
  'null',
  '[]',
  '42',
  '"x"',
  'true',
  '<html><body>502 Bad Gateway</body></html>',
  '{"results": [',
  '\ufeff{}',
  'NaN',
  '{"totalResults": NaN}',
);

/** Codat's `ErrorMessage`, or something else, for a 4xx or 5xx. */
const errorBody = fc.oneof(
  fc.record(
    {
      statusCode: fc.constant(500),
      service: fc.constant('ClientsApi'),
      error: fc.oneof(fc.constant('Internal error'), hostileText),
      correlationId: fc.oneof(fc.uuid(), wrongTyped),
      canBeRetried: fc.oneof(fc.constantFrom('True', 'False', 'Unknown'), wrongTyped),
    },
    { requiredKeys: [], noNullPrototype: true },
  ),
  wrongTyped,
);
const failureStatus = fc.constantFrom(400, 401, 403, 404, 409, 429, 500, 502, 503);

/** Mostly 200 with `body`; sometimes a body that is not JSON, a 4xx/5xx, or a network failure. */
export function hostileAnswer(body: fc.Arbitrary<unknown>): fc.Arbitrary<Answer> {
  return fc.oneof(
    { weight: 20, arbitrary: body.map((json): Answer => ({ status: 200, json })) },
    { weight: 1, arbitrary: rawBodies.map((text): Answer => ({ status: 200, text })) },
    { weight: 2, arbitrary: fc.record({ status: failureStatus, json: errorBody }, plain) },
    { weight: 1, arbitrary: fc.record({ status: failureStatus, text: rawBodies }, plain) },
    { weight: 1, arbitrary: fc.constant<Answer>({ networkError: true }) },
  );
}

/** What the fake `fetch` answers, per operation. */
export interface Answers {
  /** GET …/connections (the first page; later pages are empty). */
  list: Answer;
  /** GET /integrations (the first page; later pages are empty). */
  integrations: Answer;
  /** PATCH …/connections/{id}. */
  unlink: Answer;
  /** GET …/connections/{id}. */
  get: Answer;
}

/** Answers delivered so far, per operation; `other` counts requests nobody expected. */
export interface Delivered {
  list: number;
  get: number;
  unlink: number;
  integrations: number;
  other: number;
}

const INFINITY = '\u0000Infinity';

/** The JSON text of a generated body: `Infinity` is sent as `1e999` (which `JSON.parse` reads back as Infinity). */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (item === Infinity ? INFINITY : item === -Infinity ? `-${INFINITY}` : item)) ?? '';
  return text.replaceAll(JSON.stringify(`-${INFINITY}`), '-1e999').replaceAll(JSON.stringify(INFINITY), '1e999');
}

const emptyPage = JSON.stringify({ results: [], pageNumber: 2, pageSize: 50, totalResults: 0, _links: links });

/** The next task (after microtasks and rendering work already queued), without the 4 ms clamp of nested timeouts. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // Closed, so that ports do not pile up: WebKit slows with every port left open.
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A `fetch` that answers Codat's paths from `answers`, one task later (as a network would), and
 * honours abort. `pending()` is how many requests are not answered yet.
 */
export function answeringFetch(answers: Answers): { fetch: typeof fetch; delivered: Delivered; pending: () => number } {
  const delivered: Delivered = { list: 0, get: 0, unlink: 0, integrations: 0, other: 0 };
  let pending = 0;
  const respond = (answer: Answer): Response => {
    if ('networkError' in answer) throw new TypeError('Failed to fetch');
    const body = 'text' in answer ? answer.text : jsonText(answer.json);
    return new Response(body, { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  const route = (method: string, url: URL): Response => {
    const path = url.pathname;
    const firstPage = (url.searchParams.get('page') ?? '1') === '1';
    if (method === 'GET' && /^\/companies\/[^/]+\/connections$/.test(path)) {
      if (!firstPage) return new Response(emptyPage);
      delivered.list++;
      return respond(answers.list);
    }
    if (/^\/companies\/[^/]+\/connections\/[^/]+$/.test(path)) {
      if (method === 'GET') {
        delivered.get++;
        return respond(answers.get);
      }
      if (method === 'PATCH') {
        delivered.unlink++;
        return respond(answers.unlink);
      }
      if (method === 'DELETE') return new Response(null, { status: 204 });
    }
    if (method === 'GET' && path === '/integrations') {
      if (!firstPage) return new Response(emptyPage);
      delivered.integrations++;
      return respond(answers.integrations);
    }
    delivered.other++;
    return new Response('{"error":"not expected"}', { status: 404 });
  };
  const answering: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? request?.signal;
    pending++;
    try {
      await nextTask();
      signal?.throwIfAborted();
      return route(method, url);
    } finally {
      pending--;
    }
  };
  return { fetch: answering, delivered, pending: () => pending };
}

// ----- scenarios

/** Codat's redirect back after `link-mode="redirect"`: the element gets this connection on its first load. */
export interface RedirectReturn {
  statusCode: string;
  connectionId: string;
  errorMessage?: string;
}

/** One run: the answers, and what the user does (filter, picker search, source types, redirect return). */
export interface Scenario {
  answers: Answers;
  filter: string;
  pickerSearch: string;
  sourceTypes: string;
  redirect?: RedirectReturn;
}

const searchText = fc.oneof(
  fc.constantFrom('a', 'x', 'é', 'ß', 'İ', 'ΣΑΣ', '日本', '🙂', '<img', 'linked', ' Xero '),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
);

const answers = fc.record(
  {
    list: hostileAnswer(hostileListPage),
    integrations: hostileAnswer(hostileIntegrationsPage),
    unlink: hostileAnswer(hostileConnection),
    get: hostileAnswer(hostileConnection),
  },
  plain,
);

const redirectReturn: fc.Arbitrary<RedirectReturn> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ statusCode: fc.constant('200'), connectionId }, plain) },
  { weight: 1, arbitrary: fc.record({ statusCode: fc.constant('200'), connectionId: fc.constantFrom('not-a-uuid', '../integrations', '') }, plain) },
  { weight: 1, arbitrary: fc.record({ statusCode: fc.constantFrom('400', '500'), connectionId, errorMessage: fc.constantFrom(...markupMarkers) }, plain) },
);

/**
 * Runs of the element: `list` runs answer the list, integrations and unlink (a `get` only when the
 * element reads the truth again after a failed unlink); `get` runs also come back from a redirect
 * link, so the element `get`s the connection Codat names on its first load.
 */
export function hostileScenarios(kind: 'list' | 'get'): fc.Arbitrary<Scenario> {
  const common = { answers, filter: searchText, pickerSearch: searchText, sourceTypes: fc.constantFrom('', '', '', 'Accounting Banking') };
  return kind === 'get' ? fc.record({ ...common, redirect: redirectReturn }, plain) : fc.record(common, plain);
}

// ----- driving the element

/** Every element the element's templates make. */
const allowedTags = new Set([
  ...['div', 'span', 'ul', 'li', 'h2', 'h3', 'p', 'button', 'input', 'label', 'time', 'img', 'details', 'summary', 'dialog', 'slot', 'a'],
  // Only where adopted style sheets are not supported.
  'style',
]);

/** Every attribute the element's templates set; `on…` attributes are never allowed. */
const allowedAttributes = new Set([
  ...['part', 'class', 'id', 'lang', 'role', 'type', 'tabindex', 'hidden', 'disabled', 'title', 'name', 'for', 'placeholder'],
  ...['aria-busy', 'aria-expanded', 'aria-controls', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden', 'aria-live', 'aria-atomic'],
  ...['data-id', 'data-action', 'data-key', 'data-exact', 'data-retry'],
  ...['src', 'alt', 'width', 'height', 'loading', 'datetime', 'href', 'target', 'rel', 'autofocus', 'open'],
]);

/** Which elements may carry a URL, and in which attribute. */
const urlAttributes: Record<string, string> = { img: 'src', a: 'href' };

/**
 * The parts the element documents (`@csspart`), before and after the view model (issue 11): a part
 * is never made from API text, so a status badge carries one of a few known `status-…` parts.
 */
const documentedParts = new Set([
  ...['base', 'header', 'title', 'link-button', 'refresh-button', 'notice', 'notice-retry', 'notice-dismiss'],
  ...['picker', 'picker-search', 'picker-list', 'picker-item', 'picker-item-status', 'filter', 'skeleton', 'list', 'item', 'logo', 'name'],
  ...['status', 'status-linked', 'status-pending', 'status-disconnected', 'status-expired', 'status-unknown'],
  ...['freshness', 'freshness-warning', 'datasets'],
  ...['meta', 'errors', 'actions', 'reconnect-button', 'unlink-button', 'delete-button', 'refresh-data-button', 'pending', 'continue-link'],
  ...['row-message', 'row-message-retry', 'row-message-dismiss', 'empty', 'error', 'retry-button', 'load-more'],
  ...['dialog', 'dialog-confirm', 'dialog-cancel'],
]);

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A URL the element may load or link to: https, http on this machine, or this page's origin. */
function isSafeUrl(value: string): boolean {
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname)) || url.origin === location.origin;
  } catch {
    return false;
  }
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}… (${text.length} chars)` : text);

/** What in `root` was made from API text: an unknown element, attribute or part, an `on…` attribute, an unsafe URL. */
export function unsafeMarkup(root: ParentNode): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    if (!allowedTags.has(tag)) found.push(`an element <${short(tag)}>`);
    for (const { name, value } of element.attributes) {
      if (name.startsWith('on')) found.push(`an event handler attribute ${name}="${short(value)}" on <${tag}>`);
      else if (!allowedAttributes.has(name)) found.push(`an attribute ${short(name)} on <${tag}>`);
    }
    for (const token of element.getAttribute('part')?.split(/\s+/).filter(Boolean) ?? []) {
      if (!documentedParts.has(token)) found.push(`a part "${short(token)}" on <${tag}>`);
    }
    for (const name of ['src', 'href', 'srcset', 'action', 'formaction']) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (urlAttributes[tag] !== name) found.push(`a URL attribute ${name} on <${tag}>`);
      else if (!isSafeUrl(value)) found.push(`an unsafe ${name}="${short(value)}" on <${tag}>`);
    }
    if (element.shadowRoot) found.push(...unsafeMarkup(element.shadowRoot));
  }
  return found;
}

/** Where the element ended: one of `list`, `empty` or `error` (with a visible Retry), or what is wrong instead. */
export function endState(el: CodatConnections): string {
  const root = el.shadowRoot!;
  const visible = (selector: string) => [...root.querySelectorAll<HTMLElement>(selector)].filter((node) => !node.hidden && node.checkVisibility());
  const states: string[] = [];
  if (root.querySelector('[part~="skeleton"]')) states.push('skeleton');
  const list = root.querySelector('[part~="list"]');
  if (list)
    states.push(list.querySelector('[part~="item"]') ? 'list' : `list without rows${root.querySelector('[part~="load-more"]') ? ' (with Load more)' : ''}`);
  if (root.querySelector('[part~="empty"]')) states.push('empty');
  const error = root.querySelector('[part~="error"]');
  if (error) states.push(visible('[part~="error"] [part~="retry-button"]').length ? 'error' : 'error without Retry');
  return states.length === 1 ? states[0]! : states.length ? states.join(' + ') : 'nothing';
}

const endStates = new Set(['list', 'empty', 'error']);

/** What one run found; no problems means it passed. */
export interface RunReport {
  /** Everything wrong, in the order found: uncaught errors first. */
  problems: string[];
  /** Uncaught errors, unhandled rejections and failed updates of the element. */
  uncaught: string[];
  /** Whether the element ended anywhere but in a list, the empty state or the error state with Retry. */
  stuck: boolean;
  /** Whether anything in the shadow root was made from API text. */
  unsafe: boolean;
  /** The state after the first load (`list`, `empty`, `error`, or what was wrong). */
  endState: string;
  delivered: Delivered;
}

const grant = async () => ({ accessToken: 't', expiresIn: 600, companyId: '8a210b68-6988-11ed-a1eb-0242ac120002', baseUrl: 'https://api.example.test' });

/** The longest a step may take to settle before the run counts as stuck. */
const SETTLE_LIMIT_MS = 3_000;

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message} (${error.stack?.split('\n')[1]?.trim() ?? 'no stack'})` : `thrown ${String(error)}`;

/** An uncaught error or unhandled rejection on the page, and which it was. */
export interface Uncaught {
  error: unknown;
  how: 'uncaught error' | 'unhandled rejection';
}

/** Uncaught errors and unhandled rejections from `catchUncaught()` on, until `restore()`. */
export interface UncaughtErrors {
  /** What was caught since the last call. */
  take(): Uncaught[];
  restore(): void;
}

/**
 * Catches the page's uncaught errors and unhandled rejections, and keeps Mocha's `window.onerror`
 * from failing the test on its own (fast-check reports them with the scenario instead). The test
 * framework's logger still prints them.
 */
export function catchUncaught(): UncaughtErrors {
  let caught: Uncaught[] = [];
  const onError = (event: ErrorEvent) => {
    event.preventDefault();
    caught.push({ error: event.error ?? event.message, how: 'uncaught error' });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    caught.push({ error: event.reason, how: 'unhandled rejection' });
  };
  const onerror = window.onerror;
  window.onerror = null;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    take: () => caught.splice(0),
    restore: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      window.onerror = onerror;
      caught = [];
    },
  };
}

/**
 * Mounts `<codat-connections>` with a client built by the real core over `answeringFetch`, and
 * drives it: waits for `codat-ready` or `codat-error` and for the element to settle, opens the
 * picker and searches it, presses Unlink on the first row that offers it (with `no-confirm`), and
 * types in the filter. After each step the shadow root must hold nothing made from API text; after
 * the first load and after the unlink it must show a list, the empty state or the error state with
 * Retry. The element is then removed and left to settle, so that what it throws late still counts
 * for this run: uncaught errors and unhandled rejections (from `uncaught`), and failed updates.
 */
export async function runScenario(scenario: Scenario, uncaught: UncaughtErrors): Promise<RunReport> {
  const thrown: string[] = [];
  const problems: string[] = [];
  let stuck = false;
  let unsafe = false;
  // One line per error: Lit reports a failed update again with the next one, and a render that
  // throws on a row throws again on every update.
  const seen = new Set<unknown>();
  const report = (error: unknown, how: string) => {
    const described = describeError(error);
    if (seen.has(error) || seen.has(described)) return;
    seen.add(error).add(described);
    thrown.push(`${how}: ${described}`);
  };
  const collect = () => {
    for (const { error, how } of uncaught.take()) report(error, how);
  };
  // Late from an earlier run (which waited for its element to settle), or from this one's start.
  for (const { error, how } of uncaught.take()) report(error, `${how} before the run`);
  const address = location.href;
  const network = answeringFetch(scenario.answers);
  // Laid out as on any page, but not painted: painting is half of a run's cost, and no one looks.
  const stage = document.createElement('div');
  stage.style.visibility = 'hidden';
  const el = document.createElement('codat-connections');
  let state = 'not mounted';

  /** Waits until no request is open, no update is pending and nothing is busy, twice in a row. */
  const settle = async (step: string) => {
    const deadline = performance.now() + SETTLE_LIMIT_MS;
    for (let quiet = 0; quiet < 2;) {
      try {
        await el.updateComplete;
      } catch (error) {
        report(error, `the element's update threw (${step})`);
      }
      await nextTask();
      collect();
      // A row or control still busy has work under way that no request shows yet (a chunk loading).
      const busy = el.shadowRoot?.querySelector('[aria-busy="true"]');
      quiet = network.pending() === 0 && !el.isUpdatePending && !busy ? quiet + 1 : 0;
      if (performance.now() > deadline) {
        stuck = true;
        problems.push(`${step}: did not settle within ${SETTLE_LIMIT_MS} ms (${network.pending()} requests open)`);
        return;
      }
    }
  };
  const checkMarkup = (step: string) => {
    const found = unsafeMarkup(el.shadowRoot!);
    if (document.querySelector('[onerror], [onload], [onmouseover]')) found.push('an event handler attribute in the page');
    unsafe ||= found.length > 0;
    problems.push(...found.map((what) => `${step}: ${what}`));
  };
  const checkState = (step: string) => {
    const now = endState(el);
    if (!endStates.has(now)) {
      stuck = true;
      problems.push(`${step}: ends in ${now}, not a list, the empty state or the error state with Retry`);
    }
    return now;
  };
  const type = async (input: HTMLInputElement, text: string, step: string) => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle(step);
    checkMarkup(step);
  };
  const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);

  try {
    if (scenario.redirect) {
      const { statusCode, connectionId, errorMessage } = scenario.redirect;
      history.replaceState(history.state, '', `?${new URLSearchParams({ statusCode, connectionId, ...(errorMessage !== undefined && { errorMessage }) })}`);
      el.setAttribute('link-mode', 'redirect');
    }
    el.setAttribute('no-confirm', '');
    el.setAttribute('actions', 'link reconnect unlink delete');
    if (scenario.sourceTypes) el.setAttribute('source-types', scenario.sourceTypes);
    el.client = createConnectionsClient({ token: grant, fetch: network.fetch, retry: 0 });
    let outcome = '';
    const settled = (event: Event) => (outcome ||= event.type);
    el.addEventListener('codat-ready', settled);
    el.addEventListener('codat-error', settled);
    stage.append(el);
    document.body.append(stage);
    await settle('first load');
    if (!outcome) problems.push('first load: neither codat-ready nor codat-error');
    checkMarkup('first load');
    state = checkState('first load');

    // Unlink before the filter hides rows; the picker may stay open meanwhile.
    const linkButton = part('link-button') as HTMLButtonElement | null;
    if (linkButton && !linkButton.disabled) {
      linkButton.click();
      await settle('picker');
      checkMarkup('picker');
      const search = part('picker-search') as HTMLInputElement | null;
      if (search) await type(search, scenario.pickerSearch, 'picker search');
    }

    const unlink = part('unlink-button');
    if (unlink) {
      unlink.click();
      await settle('unlink');
      checkMarkup('unlink');
      checkState('unlink');
    }

    const filter = part('filter') as HTMLInputElement | null;
    if (filter) await type(filter, scenario.filter, 'filter');
  } catch (error) {
    problems.push(`the run itself failed: ${describeError(error)}`);
  } finally {
    stage.remove();
    await settle('removed');
    // Unhandled rejections are reported in a task of their own.
    await new Promise((resolve) => setTimeout(resolve));
    collect();
    if (location.href !== address) history.replaceState(history.state, '', address);
  }
  return { problems: [...thrown, ...problems], uncaught: thrown, stuck, unsafe, endState: state, delivered: network.delivered };
}

/** Totals over many runs (what the bench prints). */
export interface Tally {
  runs: number;
  /** Runs with at least one uncaught error, unhandled rejection or failed update. */
  crashed: number;
  /** Runs that did not end in a list, the empty state or the error state with Retry. */
  stuck: number;
  /** Runs where something was made from API text. */
  unsafe: number;
  failed: number;
  endStates: Record<string, number>;
  /** Runs per kind of uncaught error (`TypeError: name.trim is not a function`). */
  errors: Record<string, number>;
  delivered: Delivered;
  /** The first failing runs: their index (replay with `{ seed, path: String(index) }`), scenario and problems. */
  examples: Array<{ index: number; scenario: string; problems: string[] }>;
}

/**
 * The property the test asserts: every run passes `runScenario`. A failure names every problem of
 * the run. `uncaught` is from `catchUncaught()`, for as long as the property runs.
 */
export function hostileAnswersProperty(
  kind: 'list' | 'get',
  uncaught: UncaughtErrors,
  onRun?: (report: RunReport) => void,
): IAsyncPropertyWithHooks<[Scenario]> {
  return fc.asyncProperty(hostileScenarios(kind), async (scenario) => {
    const run = await runScenario(scenario, uncaught);
    onRun?.(run);
    if (run.problems.length) throw new Error(`${run.problems.length} problem(s):\n  ${run.problems.join('\n  ')}`);
  });
}

/**
 * Runs `numRuns` scenarios of `kind` from `seed` without stopping at a failure, and counts. The
 * scenarios are those `fc.assert(hostileAnswersProperty(kind, …), { seed })` would try first.
 */
export async function tallyHostileAnswers({
  seed,
  numRuns,
  kind,
  keep = 5,
}: {
  seed: number;
  numRuns: number;
  kind: 'list' | 'get';
  keep?: number;
}): Promise<Tally> {
  const tally: Tally = {
    runs: 0,
    crashed: 0,
    stuck: 0,
    unsafe: 0,
    failed: 0,
    endStates: {},
    errors: {},
    delivered: { list: 0, get: 0, unlink: 0, integrations: 0, other: 0 },
    examples: [],
  };
  const count = (scenario: Scenario, run: RunReport) => {
    const index = tally.runs++;
    if (run.uncaught.length) tally.crashed++;
    if (run.stuck) tally.stuck++;
    if (run.unsafe) tally.unsafe++;
    if (run.problems.length) {
      tally.failed++;
      if (tally.examples.length < keep) tally.examples.push({ index, scenario: fc.stringify(scenario), problems: run.problems });
    }
    tally.endStates[run.endState] = (tally.endStates[run.endState] ?? 0) + 1;
    for (const kind of new Set(run.uncaught.map((line) => line.replace(/^[^:]*: /, '').replace(/ \((at .*|no stack)\)$/, '')))) {
      tally.errors[kind] = (tally.errors[kind] ?? 0) + 1;
    }
    for (const key of Object.keys(tally.delivered) as Array<keyof Delivered>) tally.delivered[key] += run.delivered[key];
  };
  const uncaught = catchUncaught();
  try {
    await fc.check(
      fc.asyncProperty(hostileScenarios(kind), async (scenario) => count(scenario, await runScenario(scenario, uncaught))),
      { seed, numRuns },
    );
  } finally {
    uncaught.restore();
  }
  return tally;
}
