export { CodatConnections, type ConnectionAction, type ConnectionActionsFor, type ConnectionsTheme, type LinkMode } from './connections.component.js';
export * from './events.js';
export * from './strings/index.js';
export type * from './view-model.js';
export type { ConnectionsSource, SourceChange, SourceListRequest, SourceLinkRequest, SourceRequest } from './source.js';
export type { CodatWatchOptions } from './codat/source.js';
export { codatSource } from './codat/source.js';
export { normalizeConnection, normalizePage, normalizePlatforms } from './codat/normalize.js';
export type { Connection, ConnectionsClient, ConnectionsErrorCode, Integration, Operation, TokenGrant, TokenProvider } from '@codat-connections/core';
