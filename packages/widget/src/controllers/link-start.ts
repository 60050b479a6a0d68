import { isOpenableUrl } from '@codat-connections/core';
import type { ConnectionView } from '../view-model.js';

/** How the user goes to Codat's link page: in a popup, or by sending this page there. */
export type LinkMode = 'popup' | 'redirect';

/** Codat's query parameters on the redirect back after linking. */
const redirectParams = ['statusCode', 'statusText', 'connectionId', 'companyId', 'errorMessage'] as const;
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

/** Reads Codat's redirect parameters, if the page holds them, and removes them from the address bar. */
export function takeRedirectParams(): URLSearchParams | undefined {
  const url = new URL(location.href);
  const params = url.searchParams;
  if (!params.has('connectionId') || !params.has('statusCode')) return undefined;
  const found = new URLSearchParams();
  for (const name of redirectParams) {
    const value = params.get(name);
    if (value !== null) found.set(name, value);
    params.delete(name);
  }
  try {
    history.replaceState(history.state, '', url.href);
  } catch {
    // Safari refuses a page more than 100 replaceState calls in 10 seconds (SecurityError): the
    // parameters then stay in the address bar, and the return is still reported.
  }
  return found;
}
