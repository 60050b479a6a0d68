export { CodatConnections, type ConnectionAction, type ConnectionsTheme, type LinkMode } from './connections.component.js';
export * from './events.js';
export * from './strings/index.js';
export type { ListStatus } from './controllers/connections-list.js';
export type { RowAction, RowState } from './controllers/row-actions.js';
export type {
  Connection,
  ConnectionsClient,
  ConnectionsErrorCode,
  Integration,
  Operation,
  TokenGrant,
  TokenProvider,
} from '@codat-connections/core';
