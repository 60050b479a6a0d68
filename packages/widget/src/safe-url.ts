import { isOpenableUrl } from '@codat-connections/core';

/** Whether an image URL from the API may be loaded: `https:` (or `http:` on localhost), or the page's own origin. */
export function isLoadableImage(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    return isOpenableUrl(url) || new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}
