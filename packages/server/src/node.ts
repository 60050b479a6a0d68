import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionsHandler } from './types.js';

/**
 * Adapts the fetch-standard handler to `node:http` (and so to Express and Connect): give the
 * returned listener to `createServer`, or mount it on the routes below the handler's `basePath`.
 */
export function toNodeListener(handler: ConnectionsHandler): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return getRequestListener(handler);
}
