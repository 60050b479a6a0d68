import { HandlerError } from './errors.js';
import { isUuid } from './validation.js';

/**
 * The list-connections parameters that find a company's most recent PendingAuth connection of a
 * platform: one result is enough, newest first.
 */
export function pendingLookupParams(platformKey: string): URLSearchParams {
  return new URLSearchParams({ query: `integrationKey=${platformKey}&&status=PendingAuth`, orderBy: '-created', pageSize: '1' });
}

/**
 * Reads Codat's answer to the lookup (as `forward` returned it). Returns the response to give
 * instead of creating a connection: the PendingAuth connection Codat already holds (200, exactly
 * as Codat gave it), or Codat's own error. Returns `undefined` only when Codat says there is none,
 * so a connection may be created; throws the handler's 502 when Codat's page is not one.
 *
 * A failed lookup never falls back to creating: that is the one case where a duplicate could be
 * made, and a Codat that cannot list connections is unlikely to create one either. The client may
 * retry: with the lookup in front, a repeated create is harmless.
 */
export async function reusablePendingConnection(
  lookup: Response,
  platformKey: string,
  context: { path: string; correlationId: string; log: (line: string) => void },
): Promise<Response | undefined> {
  if (lookup.status !== 200) return lookup;
  const found = pendingConnectionIn(await lookup.text(), platformKey);
  if (found === 'malformed') {
    context.log(
      `codat-connections-server: upstream answered the PendingAuth lookup with no page of such connections for GET ${context.path} correlationId=${context.correlationId}; not creating`,
    );
    throw new HandlerError(502, 'Codat gave an unexpected answer', { correlationId: context.correlationId });
  }
  if (found === undefined) return undefined;
  const headers = new Headers(lookup.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(found), { status: 200, headers });
}

/** The first connection of a lookup's page, `undefined` for an empty page, `'malformed'` for anything else. */
function pendingConnectionIn(text: string, platformKey: string): Record<string, unknown> | undefined | 'malformed' {
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    return 'malformed';
  }
  const results = isObject(page) ? page['results'] : undefined;
  if (!Array.isArray(results)) return 'malformed';
  const first: unknown = results[0];
  if (first === undefined) return undefined;
  // Only what the lookup asked for is answered in place of a new connection.
  const matches =
    isObject(first) &&
    typeof first['id'] === 'string' &&
    isUuid(first['id']) &&
    first['integrationKey'] === platformKey &&
    first['status'] === 'PendingAuth' &&
    typeof first['linkUrl'] === 'string';
  return matches ? first : 'malformed';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
