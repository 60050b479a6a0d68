// One run of the element against hostile answers: the answers per operation and what the user does
// (filter, picker search, source types, and for `get` runs the redirect back from Codat).
import fc from 'fast-check';
import { connectionId, hostileAnswer, hostileConnection, hostileIntegrationsPage, hostileListPage, markupMarkers, plain, type Answers } from './answers.js';

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
