// The fault matrix: every named fault, how the browser tests inject it through the real
// server and emulator, and what must follow. test/faults/faults.browser.test.ts runs one test per
// entry and checks the entry's `sees` and `events` against the element; test/faults/README.md's
// table is rendered from this data (test/faults/readme.test.ts keeps them equal). Plain data, so
// Node reads it too.

/**
 * One fault. `sees`: texts the user sees (or hears, in the live region) once the fault has played
 * out, `{name}` standing for the platform of the row acted on. `events`: every `codat-*` event the
 * element fires meanwhile, in order, an error as `codat-error <operation>: <code>`. `then`: how it
 * is recovered from, if it needs to be; after it the rows shown equal the emulator's (names and
 * statuses), or `truth` says what they equal instead.
 */
export interface Fault {
  id: string;
  fault: string;
  injected: string;
  sees: string[];
  events: string[];
  then?: string;
  truth?: string;
}

const listFailed = ['Connections could not be loaded.', 'Something went wrong. Please try again.', 'Retry'];
const staleList = ['The list could not be refreshed and may be out of date.', 'Retry'];

/** Codat's 5xx answers, on the three operations that matter most. */
const serverErrors = [500, 502, 503, 504].flatMap((status): Fault[] => [
  {
    id: `list-${status}`,
    fault: `${status} on list`,
    injected: `emulator \`forceStatus\` ${status} ×3 (the try and both retries), then Refresh`,
    sees: staleList,
    events: ['codat-error list: server_error'],
    then: 'the notice’s Retry',
  },
  {
    id: `unlink-${status}`,
    fault: `${status} on unlink`,
    injected: `emulator \`forceStatus\` ${status} ×3, then Unlink`,
    sees: ['{name} could not be unlinked. Please try again.', 'Retry'],
    events: ['codat-before-unlink', 'codat-error unlink: server_error'],
    then: 'the row’s Retry unlinks it',
  },
  {
    id: `create-${status}`,
    fault: `${status} on create (link)`,
    injected: `emulator \`forceStatus\` ${status} ×1, then link a new platform (a create is never retried)`,
    sees: ['Linking failed. Please try again.'],
    events: ['codat-error link: server_error'],
  },
]);

const doubleClicks = (['unlink', 'delete', 'reconnect', 'link', 'refresh'] as const).map((action): Fault => ({
  id: `double-click-${action}`,
  fault: `Double click on ${action === 'link' ? 'a platform in the picker' : action === 'refresh' ? 'Refresh' : action[0]!.toUpperCase() + action.slice(1)}`,
  injected: 'two clicks in one task, before the element re-renders',
  sees: {
    unlink: ['{name} unlinked'],
    delete: ['{name} deleted'],
    reconnect: ['Waiting for authorization…'],
    link: ['Waiting for authorization…'],
    refresh: ['connections loaded'],
  }[action],
  events: {
    unlink: ['codat-before-unlink', 'codat-unlinked'],
    delete: ['codat-before-delete', 'codat-deleted'],
    reconnect: ['codat-link-started'],
    link: ['codat-link-started'],
    refresh: ['codat-ready'],
  }[action],
  truth: {
    unlink: 'rows equal the emulator’s; one PATCH reached Codat',
    delete: 'rows equal the emulator’s; one DELETE reached Codat',
    reconnect: 'rows equal the emulator’s; one popup opened',
    link: 'rows equal the emulator’s; one create reached Codat, one popup opened',
    refresh: 'rows equal the emulator’s; the first read aborted',
  }[action],
}));

export const faults: Fault[] = [
  {
    id: 'token-down',
    fault: 'Token endpoint down',
    injected: 'answer fault `reset` on every POST to the token endpoint',
    sees: listFailed,
    events: ['codat-error list: network_error'],
    then: 'Retry once it is back',
  },
  {
    id: 'token-401',
    fault: 'Token endpoint answers 401',
    injected: 'nobody signed in: the real handler refuses',
    sees: ['Connections could not be loaded.', 'You may have been signed out. Sign in again, then retry.', 'Retry'],
    events: ['codat-error list: unauthorized'],
    then: 'sign in, then Retry',
  },
  {
    id: 'token-500',
    fault: 'Token endpoint answers 500',
    injected: 'answer fault `status` 500 on the token endpoint',
    sees: listFailed,
    events: ['codat-error list: server_error'],
    then: 'Retry',
  },
  {
    id: 'token-slow',
    fault: 'Token endpoint slower than the timeout',
    injected: 'answer fault `slow` (3 s) on the token endpoint; `token-timeout="300"`',
    sees: listFailed,
    events: ['codat-error list: timeout'],
    then: 'Retry',
  },
  {
    id: 'token-malformed',
    fault: 'Token endpoint answers malformed JSON',
    injected: 'answer fault `status` 200 with `{"accessToken": "ey` as JSON',
    sees: listFailed,
    events: ['codat-error list: invalid_response'],
    then: 'Retry',
  },
  {
    id: 'token-no-access-token',
    fault: 'A grant without `accessToken`',
    injected: 'answer fault `json`: the real grant without `accessToken`',
    sees: listFailed,
    events: ['codat-error list: invalid_argument'],
    then: 'Retry',
  },
  {
    id: 'token-expiry',
    fault: 'Token expiry mid-session',
    injected: 'answer fault `json`: the grants of the first load expire at once; then Unlink',
    sees: ['{name} unlinked'],
    events: ['codat-before-unlink', 'codat-unlinked'],
    truth: 'rows equal the emulator’s; a new grant was fetched for the unlink',
  },
  {
    id: 'api-401-once',
    fault: '401 once (token refused mid-session)',
    injected: 'answer fault `status` 401 on the first PATCH; then Unlink',
    sees: ['{name} unlinked'],
    events: ['codat-before-unlink', 'codat-unlinked'],
    truth: 'rows equal the emulator’s; a new grant was fetched and the unlink replayed once',
  },
  {
    id: 'api-401-twice',
    fault: '401 twice',
    injected: 'answer fault `status` 401 on two PATCHes; then Unlink',
    sees: ['You may have been signed out. Sign in again, then retry.'],
    events: ['codat-before-unlink', 'codat-error unlink: unauthorized'],
  },
  {
    id: 'rate-limit-seconds',
    fault: '429 with `Retry-After` in seconds',
    injected: 'answer fault `status` 429, `Retry-After: 1`, on the first list',
    sees: ['connections loaded'],
    events: ['codat-ready'],
    truth: 'rows equal the emulator’s; the list was read again after the wait',
  },
  {
    id: 'rate-limit-date',
    fault: '429 with `Retry-After` as an HTTP date',
    injected: 'answer fault `status` 429, `Retry-After` one second ahead as an HTTP date, on the first list',
    sees: ['connections loaded'],
    events: ['codat-ready'],
    truth: 'rows equal the emulator’s; the list was read again after the wait',
  },
  {
    id: 'rate-limit-long',
    fault: '429 with a long wait',
    injected: 'answer fault `status` 429, `Retry-After: 3600`, on the first list',
    sees: ['Connections could not be loaded.', 'Too many requests. Try again in 60 minutes.', 'Retry'],
    events: ['codat-error list: rate_limited'],
    then: 'Retry',
    truth: 'rows equal the emulator’s; no second list request: the element does not sit out an hour',
  },
  ...serverErrors,
  {
    id: 'reset-before-body',
    fault: 'Connection reset before the body',
    injected: 'answer fault `reset` on one list, then Refresh',
    sees: ['connections loaded'],
    events: ['codat-ready'],
    truth: 'rows equal the emulator’s; the read was retried',
  },
  {
    id: 'reset-during-body',
    fault: 'Connection reset during the body',
    injected: 'answer fault `cut` (headers and half the body) on one list, then Refresh',
    sees: ['connections loaded'],
    events: ['codat-ready'],
    truth: 'rows equal the emulator’s; the read was retried',
  },
  {
    id: 'body-truncated',
    fault: 'Truncated 200 body',
    injected: 'answer fault `status` 200 with JSON cut off, on the list',
    sees: listFailed,
    events: ['codat-error list: invalid_response'],
    then: 'Retry',
  },
  {
    id: 'body-html',
    fault: 'HTML 200 body',
    injected: 'answer fault `malformed` on the list (a proxy’s error page)',
    sees: listFailed,
    events: ['codat-error list: invalid_response'],
    then: 'Retry',
  },
  {
    id: 'body-empty',
    fault: 'Empty 200 body',
    injected: 'answer fault `empty` on the list',
    sees: listFailed,
    events: ['codat-error list: invalid_response'],
    then: 'Retry',
  },
  {
    id: 'body-not-json',
    fault: 'Non-JSON 200 body',
    injected: 'answer fault `status` 200, `text/plain` `OK`, on the list',
    sees: listFailed,
    events: ['codat-error list: invalid_response'],
    then: 'Retry',
  },
  {
    id: 'unknown-values',
    fault: 'Unknown statuses and source types',
    injected: 'the list’s answer rewritten in the page: one status `Suspended`, one source type `Payroll`',
    sees: ['Suspended', 'Payroll'],
    events: ['codat-ready'],
    truth: 'the emulator’s rows, with the rewritten values shown as written',
  },
  {
    id: 'optional-missing',
    fault: 'Every optional field missing',
    injected: 'the list’s answer rewritten in the page: no `integrationKey`, `lastSync`, `dataConnectionErrors`, `connectionInfo`, `_links.next`',
    sees: ['Never synced'],
    events: ['codat-ready'],
  },
  {
    id: 'five-thousand',
    fault: '5,000 connections',
    injected: 'the list’s answer rewritten in the page to 5,000 connections; `page-size="5000"`',
    sees: ['5000 connections loaded'],
    events: ['codat-ready'],
    truth: 'the 5,000 connections of the answer, each shown once',
  },
  {
    id: 'elsewhere-404',
    fault: 'Deleted elsewhere (404)',
    injected: 'the connection deleted through the API behind the element; then Unlink',
    sees: ['{name} no longer exists: it was removed elsewhere.'],
    events: ['codat-before-unlink', 'codat-error unlink: not_found'],
  },
  {
    id: 'elsewhere-400',
    fault: 'Unlinked elsewhere (400)',
    injected: 'the connection unlinked through the API behind the element; then Unlink',
    sees: ['{name} unlinked'],
    events: ['codat-before-unlink', 'codat-unlinked'],
  },
  {
    id: 'lost-unlink-answer',
    fault: 'Lost answer to an unlink',
    injected: 'answer fault `reset` on the PATCH after Codat applied it',
    sees: ['{name} unlinked'],
    events: ['codat-before-unlink', 'codat-unlinked'],
  },
  {
    id: 'lost-delete-answer',
    fault: 'Lost answer to a delete',
    injected: 'answer fault `cut` on the DELETE after Codat applied it',
    sees: ['{name} deleted'],
    events: ['codat-before-delete', 'codat-deleted'],
  },
  {
    id: 'popup-closed',
    fault: 'Popup closed at once',
    injected: 'the link popup closed in the same task that opened it',
    sees: ['{name} was not linked'],
    events: ['codat-link-started', 'codat-link-cancelled'],
    truth: 'rows equal the emulator’s; the connection the link made stays PendingAuth, shown so',
  },
  {
    id: 'consent-denied',
    fault: 'Consent denied',
    injected: 'Deny on the emulator’s link page in the popup; the return page closes it',
    sees: ['{name} was not linked'],
    events: ['codat-link-started', 'codat-link-cancelled'],
    truth: 'rows equal the emulator’s; the connection stays PendingAuth, shown so',
  },
  ...doubleClicks,
  {
    id: 'company-changed',
    fault: 'Company changed mid-action',
    injected: 'emulator `latency` 400 ms; Unlink, then the `client` of another company set before its answer',
    sees: ['connections loaded'],
    events: ['codat-ready'],
    truth: 'the other company’s connections; nothing of the first company’s unlink is shown',
  },
  {
    id: 'offline-online',
    fault: 'Offline, then online',
    injected: 'answer fault `reset` on every request (the network gone), then Refresh; then the faults cleared',
    sees: staleList,
    events: ['codat-error list: network_error'],
    then: 'the browser’s `online` event, nothing pressed',
  },
];

/** A Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The table of test/faults/README.md, one row per fault. */
export function faultTable(entries: Fault[] = faults): string {
  const rows = entries.map((entry, index) => {
    const ends = [entry.then && `after ${entry.then}: `, entry.truth ?? 'rows equal the emulator’s'].filter(Boolean).join('');
    return [
      String(index + 1),
      `\`${entry.id}\``,
      entry.fault,
      entry.injected,
      entry.sees.map((text) => `“${text}”`).join(', '),
      entry.events.map((event) => `\`${event}\``).join(', '),
      ends,
    ]
      .map(cell)
      .join(' | ');
  });
  return ['| # | id | Fault | Injected by | The user sees | Events | Then |', '|---|---|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)].join('\n');
}
