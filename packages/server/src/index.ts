export { createConnectionsHandler } from './handler.js';
export { AUDIENCE, ISSUER, DEFAULT_PERMISSIONS } from './token.js';
export type { Authorization, ConnectionsHandler, ConnectionsHandlerOptions, ErrorMessage, Permission, TokenGrant } from './types.js';
