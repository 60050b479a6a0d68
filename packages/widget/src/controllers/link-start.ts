import { isOpenableUrl } from '@codat-connections/core';
import type { RedirectReturn, ReturnedLink } from '../source.js';
import type { ConnectionView } from '../view-model.js';

/** How the user goes to Codat's link page: in a popup, or by sending this page there. */
export type LinkMode = 'popup' | 'redirect';

/** Codat's query parameters on the redirect back after linking: a failure unless `statusCode` is 200. */
export const codatRedirectReturn: RedirectReturn = {
  parameters: ['statusCode', 'statusText', 'connectionId', 'companyId', 'errorMessage'],
  read(params) {
    const connectionId = params.get('connectionId');
    const code = params.get('statusCode');
    if (connectionId === null || code === null) return undefined;
    if (code === '200') return { connectionId };
    return { connectionId, failure: params.get('errorMessage') || params.get('statusText') || `statusCode ${code}` };
  },
};
const popupFeatures = 'popup,width=600,height=720';

/**
 * Opens the popup for a link; call it synchronously in the user's click, or the browser blocks it.
 * None in redirect mode, nor for a connection whose link URL is known to be unsafe (unless the
 * source `reauthorizes`: it makes a new link URL for the connection).
 */
export function openLinkPopup(mode: LinkMode, connection?: ConnectionView, reauthorizes = false): Window | null {
  if (mode === 'redirect' || (connection && !reauthorizes && !isOpenableUrl(connection.linkUrl ?? ''))) return null;
  return window.open('', '_blank', popupFeatures);
}

/** Reads a source's return parameters (Codat's by default), if the page holds them, and removes them from the address bar. */
export function takeRedirectParams(from: RedirectReturn = codatRedirectReturn): ReturnedLink | undefined {
  const url = new URL(location.href);
  const params = url.searchParams;
  const found = from.read(params);
  if (!found) return undefined;
  for (const name of from.parameters) params.delete(name);
  try {
    history.replaceState(history.state, '', url.href);
  } catch {
    // Safari refuses a page more than 100 replaceState calls in 10 seconds (SecurityError): the
    // parameters then stay in the address bar, and the return is still reported.
  }
  return found;
}
