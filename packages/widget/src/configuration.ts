import { ConnectionsError } from '@codat-connections/core';

/** The largest `page-size` Codat takes. */
export const maxPageSize = 5000;

/*
 * Configuration that keeps the element from loading, as the error its `codat-error` carries (code
 * `invalid_argument`, operation `list`) and its console warning says: which attribute or property
 * is wrong, and how to fix it.
 */

/** Neither `token-url` nor `client`, `tokenProvider` or `source` is set. */
export const noSource = (): ConnectionsError =>
  misconfigured(
    'nothing to load from: set token-url to your token endpoint (e.g. token-url="/api/codat/token", see @codat-connections/server), or the client, tokenProvider or source property',
  );

/** `page-size` (its attribute's text, when it was set by attribute) is not a page size Codat takes; `undefined` when it is. */
export function pageSizeError(pageSize: number, attribute: string | null): ConnectionsError | undefined {
  if (Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= maxPageSize) return undefined;
  return misconfigured(`page-size="${attribute ?? pageSize}" is not a whole number from 1 to ${maxPageSize}: set one, or remove page-size for the default 50`);
}

const misconfigured = (problem: string): ConnectionsError =>
  new ConnectionsError(`<codat-connections>: ${problem}`, { code: 'invalid_argument', operation: 'list', status: 0 });

/** Resolves a task after the page's `load` (at once, a task later, when it has loaded): the page's own scripts have run by then. */
export function pageSettled(): Promise<void> {
  return new Promise((resolve) => {
    const later = () => setTimeout(resolve);
    if (document.readyState === 'complete') later();
    else window.addEventListener('load', later, { once: true });
  });
}
