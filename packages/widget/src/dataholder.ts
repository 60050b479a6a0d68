// `@codat-connections/widget/dataholder`: the element's source for the consent-based open-banking
// model (a user's connections to dataholders), in its own entry so that Codat-only pages do not
// load it. See docs/dataholder.md.
export { dataholderSource, type DataholderSourceOptions, type DataholderTransport } from './dataholder/source.js';
export { normalizeDataholderConnection, normalizeDataholderPage, normalizeDataholders } from './dataholder/normalize.js';
export { createDataholderClient } from '@codat-connections/core/dataholder';
export type * from '@codat-connections/core/dataholder';
