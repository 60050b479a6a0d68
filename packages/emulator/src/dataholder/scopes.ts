import { DATAHOLDER_METRICS, type DataholderMetric } from '@codat-connections/core/dataholder/contract';

/** The CDR scopes the emulator asks for, in order, with the words its consent page shows. */
export const scopeWords: Readonly<Record<string, string>> = {
  'bank:accounts.basic:read': 'Account name, type and balance',
  'bank:accounts.detail:read': 'Account numbers and features',
  'bank:transactions:read': 'Transaction details',
  'common:customer.basic:read': 'Name and occupation',
};

const scopesByMetric: Readonly<Record<DataholderMetric, readonly string[]>> = {
  BANK_ACCOUNT: ['bank:accounts.basic:read', 'bank:accounts.detail:read'],
  BANK_BALANCE: ['bank:accounts.basic:read'],
  BANK_TRANSACTION: ['bank:transactions:read'],
  USER_INFO: ['common:customer.basic:read'],
};

/** The scopes a consent for `metrics` asks for (`null`: every metric), each once, in a fixed order. */
export function scopesFor(metrics: readonly DataholderMetric[] | null): string[] {
  const wanted = new Set((metrics ?? DATAHOLDER_METRICS).flatMap((metric) => scopesByMetric[metric]));
  return Object.keys(scopeWords).filter((scope) => wanted.has(scope));
}
