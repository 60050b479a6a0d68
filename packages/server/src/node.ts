import { getRequestListener, RequestError } from '@hono/node-server';
import { errorResponse, HandlerError } from './errors.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionsHandler } from './types.js';

/** A request a body parser may have read first: what it parsed (`req.body`), perhaps its bytes (`req.rawBody`). */
type ParsedRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * Adapts the fetch-standard handler to `node:http` (and so to Express and Connect): give the
 * returned listener to `createServer`, or mount it on the routes below the handler's `basePath`.
 * A body parser mounted before it (`express.json()`) is undone: see {@link restoreParsedBody}.
 */
export function toNodeListener(handler: ConnectionsHandler): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const listener = getRequestListener(handler, { errorHandler: adapterError });
  return (request, response) => listener(restoreParsedBody(request), response);
}

/**
 * The handler reads and checks each body itself. A body parser mounted first (`express.json()`,
 * `express.text()`, `express.raw()`) has read the request's stream, so the handler would see an
 * empty body; what the parser left in `req.body` is given back instead: a Buffer or a string as
 * it is, anything else as JSON. `@hono/node-server` reads a Buffer `req.rawBody` in place of the
 * stream, and one already there (a parser's `verify` keeping the bytes) is used as it is.
 */
function restoreParsedBody(request: ParsedRequest): IncomingMessage {
  const streamRead = request.readableDidRead || request.readableEnded;
  // A parser sets `req.body = {}` for an empty body too; an empty body stays empty.
  const empty = request.headers['content-length'] === '0';
  if (!streamRead || empty || Buffer.isBuffer(request.rawBody) || request.body === undefined) return request;
  const { body } = request;
  request.rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return request;
}

/**
 * What the adapter answers when it cannot make a `Request` of what came (a backslash in the path,
 * no Host header): a 400 in Codat's `ErrorMessage` shape, as every answer of the handler's, naming
 * the problem. (The handler itself answers all its errors; anything else here would be a bug, 500.)
 */
function adapterError(error: unknown): Response {
  return errorResponse(error instanceof RequestError ? new HandlerError(400, `Bad request: ${error.message}`) : new HandlerError(500, 'Internal error'));
}
