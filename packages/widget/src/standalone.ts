// Entry of the standalone builds (dist/codat-connections.js and .iife.js): registers the element
// and also carries the core client, so a page without a bundler can build a `client` itself.
// The IIFE exposes these exports as `window.CodatConnections`.
export * from './codat-connections.js';
export { createConnectionsClient, ConnectionsError } from '@codat-connections/core';
