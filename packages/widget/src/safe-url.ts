const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string | null | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, globalThis.location?.href);
  } catch {
    return undefined;
  }
}

/** Whether a `linkUrl` may be opened: `https:`, or `http:` on a loopback host. */
export function isOpenableUrl(url: string | null | undefined): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname));
}

/** Whether an image URL from the API may be loaded: openable, or on the page's own origin. */
export function isLoadableImage(url: string | null | undefined): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  return isOpenableUrl(url) || parsed.origin === globalThis.location?.origin;
}
