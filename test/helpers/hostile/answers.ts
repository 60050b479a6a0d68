// Hostile Codat answers, as fast-check arbitraries: what a proxy, a bug or an attacker may send
// instead of the answers Codat describes (packages/core/src/types.ts, Codat-Platform.json). Pages
// and rows with every field missing, null or of the wrong type, strings that try to become markup,
// statuses named like Object's properties, invalid dates, bodies that are not JSON, and 4xx/5xx
// statuses.
import fc from 'fast-check';

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
export const objectNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;

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
export const plain = { noNullPrototype: true };

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

export const connectionId = fc.oneof(fc.constantFrom(...knownIds), fc.uuid({ version: 4 }));
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

export const pageLinks = { self: { href: '/companies/x/connections' }, current: { href: '/companies/x/connections?page=1' } };

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
    .map((results): Record<string, unknown> => ({ results, pageNumber: 1, pageSize: 50, totalResults: results.length, _links: pageLinks }));
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
