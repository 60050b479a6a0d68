import type { Operation } from '@codat-connections/core';
import type { ConnectionView } from './view-model.js';

/** `codat-ready`: the first page of connections is shown. */
export interface CodatReadyDetail {
  connections: readonly ConnectionView[];
  totalResults: number;
}
/** `codat-link-started`, `codat-linked`, `codat-link-cancelled`, `codat-before-unlink`, `codat-before-delete`, `codat-unlinked`, `codat-refreshed`. */
export interface CodatConnectionDetail {
  /** The connection, normalized (see `ConnectionView`). */
  connection: ConnectionView;
}
/** `codat-deleted`: the connection no longer exists. */
export interface CodatDeletedDetail {
  connectionId: string;
}
/** `codat-changed`: a connection changed elsewhere (another page, the platform, a read finishing) and the element shows it. */
export interface CodatChangedDetail {
  /** The connection as it is now; when `removed`, as it was last shown. */
  connection: ConnectionView;
  origin: 'remote';
  /** The connection no longer exists (`codat-deleted` is dispatched too). */
  removed: boolean;
}
/** `codat-error`: an operation failed; `error` is usually a `ConnectionsError` (with `code` and `status`). */
export interface CodatErrorDetail {
  error: Error;
  operation: Operation;
}

export type CodatReadyEvent = CustomEvent<CodatReadyDetail>;
export type CodatLinkStartedEvent = CustomEvent<CodatConnectionDetail>;
export type CodatLinkedEvent = CustomEvent<CodatConnectionDetail>;
export type CodatLinkCancelledEvent = CustomEvent<CodatConnectionDetail>;
export type CodatBeforeUnlinkEvent = CustomEvent<CodatConnectionDetail>;
export type CodatBeforeDeleteEvent = CustomEvent<CodatConnectionDetail>;
export type CodatUnlinkedEvent = CustomEvent<CodatConnectionDetail>;
export type CodatDeletedEvent = CustomEvent<CodatDeletedDetail>;
export type CodatErrorEvent = CustomEvent<CodatErrorDetail>;
export type CodatRefreshedEvent = CustomEvent<CodatConnectionDetail>;
export type CodatChangedEvent = CustomEvent<CodatChangedDetail>;

/** Every event `<codat-connections>` dispatches, by type. All bubble and are composed. */
export interface CodatConnectionsEventMap {
  'codat-ready': CodatReadyEvent;
  'codat-link-started': CodatLinkStartedEvent;
  'codat-linked': CodatLinkedEvent;
  'codat-link-cancelled': CodatLinkCancelledEvent;
  'codat-before-unlink': CodatBeforeUnlinkEvent;
  'codat-before-delete': CodatBeforeDeleteEvent;
  'codat-unlinked': CodatUnlinkedEvent;
  'codat-deleted': CodatDeletedEvent;
  'codat-error': CodatErrorEvent;
  'codat-refreshed': CodatRefreshedEvent;
  'codat-changed': CodatChangedEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends CodatConnectionsEventMap {}
}
