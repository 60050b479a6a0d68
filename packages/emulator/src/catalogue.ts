import { fixedUuid, ID_FAMILY } from './ids.js';
import type { SourceType } from './types.js';

/** One platform in the emulator's integration catalogue. Every string here is a constant. */
export interface CatalogueEntry {
  key: string;
  name: string;
  sourceType: SourceType;
  enabled: boolean;
  isBeta: boolean;
  isOfflineConnector: boolean;
  /** Background of the generated logo. */
  colour: string;
  /** Letters drawn on the generated logo. */
  initials: string;
  integrationId: string;
  sourceId: string;
}

type EntrySpec = [
  key: string,
  name: string,
  sourceType: SourceType,
  colour: string,
  initials: string,
  flags?: Partial<Pick<CatalogueEntry, 'enabled' | 'isBeta' | 'isOfflineConnector'>>,
];

// Keys follow Codat's four-lowercase-letter format; gbol, qhyg, akxx, dfxm and mqjo are Codat's own.
const specs: EntrySpec[] = [
  ['gbol', 'Xero', 'Accounting', '#13b5ea', 'X'],
  ['qhyg', 'QuickBooks Online', 'Accounting', '#2ca01c', 'QB'],
  ['pqsw', 'QuickBooks Desktop', 'Accounting', '#108000', 'QD', { isOfflineConnector: true }],
  ['tgff', 'Sage Business Cloud Accounting', 'Accounting', '#00d639', 'SB'],
  ['knfz', 'Sage Intacct', 'Accounting', '#00a65c', 'SI'],
  ['akxx', 'Oracle NetSuite', 'Accounting', '#1f4e79', 'NS'],
  ['trji', 'Microsoft Dynamics 365 Business Central', 'Accounting', '#0b556a', 'BC'],
  ['fbrh', 'FreeAgent', 'Accounting', '#3db5a0', 'FA'],
  ['dkau', 'FreshBooks', 'Accounting', '#0075dd', 'FB'],
  ['rwuv', 'Zoho Books', 'Accounting', '#e42527', 'ZB', { isBeta: true }],
  ['pdvj', 'MYOB Business', 'Accounting', '#6100a5', 'MY', { enabled: false }],
  ['mqjo', 'Codat Sandbox', 'Accounting', '#1c1c3c', 'CS'],
  ['ugxp', 'Plaid', 'Banking', '#111111', 'PL'],
  ['hcuq', 'TrueLayer', 'Banking', '#0c1033', 'TL'],
  ['dfxm', 'Basiq', 'Banking', '#4d3bf4', 'BQ'],
  ['ynbe', 'Yapily', 'Banking', '#2a63e0', 'YA', { enabled: false }],
  ['cnpl', 'Shopify', 'Commerce', '#5e8e3e', 'SH'],
  ['rvtn', 'Stripe', 'Commerce', '#635bff', 'ST'],
  ['sqre', 'Square', 'Commerce', '#3e4348', 'SQ'],
  ['zetl', 'Zettle by PayPal', 'Commerce', '#1e1e1e', 'ZE', { isBeta: true }],
  ['amzn', 'Amazon Seller Central', 'Commerce', '#ff9900', 'AM', { enabled: false }],
];

/** The integrations the emulator knows, in catalogue order. */
export const catalogue: ReadonlyArray<CatalogueEntry> = specs.map(([key, name, sourceType, colour, initials, flags], index) => ({
  key,
  name,
  sourceType,
  colour,
  initials,
  enabled: flags?.enabled ?? true,
  isBeta: flags?.isBeta ?? false,
  isOfflineConnector: flags?.isOfflineConnector ?? false,
  integrationId: fixedUuid(ID_FAMILY.integration, index + 1),
  sourceId: fixedUuid(ID_FAMILY.source, index + 1),
}));

const byKey = new Map(catalogue.map((entry) => [entry.key, entry]));

export function findIntegration(key: string): CatalogueEntry | undefined {
  return byKey.get(key);
}
