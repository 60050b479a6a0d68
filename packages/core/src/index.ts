export { createConnectionsClient } from './client.js';
export { ConnectionsError } from './errors.js';
export { isOpenableUrl, linkedMessageType } from './link.js';
export type * from './types.js';
