export { createConnectionsClient } from './client.js';
export { ConnectionsError } from './errors.js';
export { awaitAuthorization, isOpenableUrl, linkedMessageType, type AuthorizationWait } from './link.js';
export type * from './types.js';
