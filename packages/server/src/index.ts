export { createConnectionsHandler } from './handler.js';
export { AUDIENCE, ISSUER, DEFAULT_PERMISSIONS } from './token.js';
export type { OptionsOrLater } from './settings.js';
export { createMemoryBus, type Bus, type Notice, type NoticeKind, type NoticeListener, type Topic } from './bus.js';
export { WEBHOOK_EVENT_TYPES } from './bus.js';
export type { Authorization, ConnectionsHandler, ConnectionsHandlerOptions, ErrorMessage, HandlerSettings, Permission, TokenGrant } from './types.js';
export { createDataholderHandler } from './dataholder/handler.js';
export type {
  Dataholder,
  DataholderAuthorization,
  DataholderConnection,
  DataholderConnectionState,
  DataholderConsent,
  DataholderHandler,
  DataholderHandlerOptions,
  DataholderMetric,
  DataholderPermission,
  DataholderTokenGrant,
  DatasetReadState,
} from './dataholder/types.js';
