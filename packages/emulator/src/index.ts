export { createEmulator, DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET } from './emulator.js';
export {
  CODAT_RETRY_SCHEDULE,
  type WebhookAttempt,
  type WebhookConsumer,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookFaults,
  type WebhookOptions,
} from './webhooks.js';
export { DEMO_COMPANY_ID, EMPTY_COMPANY_ID, PAGING_COMPANY_ID, SMALL_COMPANY_ID } from './seed.js';
export type { ConnectionStatus, Emulator, EmulatorOptions, FaultOptions, RateLimitOptions } from './types.js';
export {
  createDataholderEmulator,
  DEFAULT_DATAHOLDER_API_KEY,
  DEFAULT_DATAHOLDER_CLIENT_ID,
  DEFAULT_DATAHOLDER_CLIENT_SECRET,
  DEFAULT_DATASET_DELAY,
} from './dataholder/emulator.js';
export {
  DEFAULT_APP_ID,
  DEMO_USER_CONNECTIONS,
  DEMO_USER_ID,
  EMPTY_USER_ID,
  OTHER_USER_CONNECTIONS,
  OTHER_USER_ID,
  dataholderSeed,
} from './dataholder/seed.js';
export type {
  Dataholder,
  DataholderConnection,
  DataholderConnectionState,
  DataholderEmulator,
  DataholderEmulatorOptions,
  DataholderMetric,
  DataholderSeed,
  DatasetReadState,
  SeedDataholder,
} from './dataholder/types.js';
