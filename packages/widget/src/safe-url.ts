import { isOpenableUrl } from '@codat-connections/core';

/**
 * Whether an image URL from the API may be loaded: an absolute `https:` URL (or `http:` on this
 * machine), or an absolute URL on the page's own origin. Never a relative one: the API must not
 * choose a path on the partner's site to request with the user's cookies.
 */
export function isLoadableImage(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    return isOpenableUrl(url) || new URL(url).origin === location.origin;
  } catch {
    return false;
  }
}
