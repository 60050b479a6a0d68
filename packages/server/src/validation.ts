import { readLimited } from './bytes.js';
import { HandlerError, invalid } from './errors.js';

/** Largest request body the handler reads; the operations' bodies are a few dozen bytes. */
export const BODY_LIMIT = 16 * 1024;
const QUERY_LIMIT = 2048;
const ORDER_BY_LIMIT = 256;
const MAX_PAGE = 2 ** 31 - 1;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const platformKeyPattern = /^[a-z]{4}$/;

export const isUuid = (value: string): boolean => uuid.test(value);
export const isPlatformKey = (value: string): boolean => platformKeyPattern.test(value);

/**
 * Reads a JSON body of at most {@link BODY_LIMIT} bytes, trusting neither `Content-Length` nor its
 * absence: the stream is counted as it is read. An empty body reads as `undefined`.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > BODY_LIMIT) throw tooLarge();
  let bytes;
  try {
    bytes = await readLimited(request.body, BODY_LIMIT);
  } catch {
    // The body stopped coming: the client went away mid-body. Not a failure of the server's, so
    // nothing is logged (anyone could fill the log with these); the answer reaches no one.
    throw new HandlerError(499, 'Client closed the request');
  }
  if (bytes === undefined) throw tooLarge();
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('body', 'not valid JSON');
  }
}

/** A request body that must be empty (the operation takes none): anything sent is refused, not dropped. */
export async function readEmptyBody(request: Request): Promise<void> {
  if ((await readJsonBody(request)) !== undefined) throw invalid('body', 'must be empty');
}

/** `value` as an object holding every `required` key and no key outside `allowed`, else the 400 naming the first wrong key. */
export function checkObject<K extends string>(value: unknown, allowed: readonly K[], required: readonly K[]): Partial<Record<K, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('body', 'expected a JSON object');
  const extra = Object.keys(value).find((key) => !(allowed as readonly string[]).includes(key));
  if (extra !== undefined) throw invalid(extra, 'unknown property');
  const missing = required.find((key) => !(key in value));
  if (missing !== undefined) throw invalid(missing, 'required');
  return value as Partial<Record<K, unknown>>;
}

/**
 * Validates a list operation's query (`page`, `pageSize`, `query`, `orderBy`) and returns the
 * parameters to send upstream, re-encoded from the validated values only.
 */
export function listParams(url: URL): URLSearchParams {
  noOtherParams(url, ['page', 'pageSize', 'query', 'orderBy']);
  const params = new URLSearchParams();
  const page = url.searchParams.get('page');
  if (page !== null) {
    if (!/^\d{1,10}$/.test(page) || Number(page) < 1 || Number(page) > MAX_PAGE) throw invalid('page', 'must be an integer of at least 1');
    params.set('page', String(Number(page)));
  }
  const pageSize = url.searchParams.get('pageSize');
  if (pageSize !== null) {
    if (!/^\d{1,4}$/.test(pageSize) || Number(pageSize) < 1 || Number(pageSize) > 5000) throw invalid('pageSize', 'must be an integer from 1 to 5000');
    params.set('pageSize', String(Number(pageSize)));
  }
  const query = url.searchParams.get('query');
  if (query !== null) {
    if (query.length > QUERY_LIMIT) throw invalid('query', `longer than ${QUERY_LIMIT} characters`);
    params.set('query', query);
  }
  const orderBy = url.searchParams.get('orderBy');
  if (orderBy !== null) {
    if (orderBy.length > ORDER_BY_LIMIT) throw invalid('orderBy', `longer than ${ORDER_BY_LIMIT} characters`);
    params.set('orderBy', orderBy);
  }
  return params;
}

/**
 * What the pull-operation history's `query` may say: `&&`-joined filters on the connection (a UUID),
 * the data type (a name) and the status (`=` or `!=`, as Codat suggests for finding failed pulls).
 * The path already holds the history to the token's company; this keeps the rest of Codat's query
 * language away from it, and makes a connection id that is not a UUID the handler's 400.
 */
const historyFilter = /^(connectionId=[^&|]*|dataType=[A-Za-z-]{1,64}|status!?=[A-Za-z]{1,64})$/;

/** `listParams` for the pull-operation history, with its `query` held to {@link historyFilter}. */
export function historyParams(url: URL): URLSearchParams {
  const params = listParams(url);
  for (const filter of params.get('query')?.split('&&') ?? []) {
    if (!historyFilter.test(filter)) throw invalid('query', 'may only filter by connectionId, dataType and status, joined by &&');
    if (filter.startsWith('connectionId=') && !isUuid(filter.slice('connectionId='.length))) throw invalid('query', 'connectionId must be a UUID');
  }
  return params;
}

/** Refuses (400) a parameter outside `allowed`, or one given twice. */
export function noOtherParams(url: URL, allowed: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (!allowed.includes(key)) throw invalid(key, 'unknown query parameter');
    if (seen.has(key)) throw invalid(key, 'given more than once');
    seen.add(key);
  }
}

function tooLarge(): HandlerError {
  return new HandlerError(413, `Request body larger than ${BODY_LIMIT} bytes`);
}
