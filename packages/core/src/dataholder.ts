// `@codat-connections/core/dataholder`: the consent-based open-banking model, in its own entry so
// that Codat-only pages do not load it.
export { createDataholderClient } from './dataholder/client.js';
export { DATAHOLDER_METRICS } from './dataholder/contract.js';
export type * from './dataholder/types.js';
