import type { DataType, PullPlan, SourceType, StoredPullOperation } from './types.js';

/** Default for the `pullDuration` option: long enough to watch a refresh in the demo. */
export const DEFAULT_PULL_DURATION = 3000;

/** The data types a connection of each source type holds; refresh-company-data fetches all of them. */
export const dataTypesBySourceType: Record<SourceType, readonly DataType[]> = {
  Accounting: ['chartOfAccounts', 'company', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'journalEntries', 'taxRates'],
  Banking: ['banking-accounts', 'banking-accountBalances', 'banking-transactions', 'banking-transactionCategories'],
  Commerce: ['commerce-companyInfo', 'commerce-customers', 'commerce-orders', 'commerce-payments', 'commerce-products', 'commerce-transactions'],
};

/** The order of Codat's data type enum (and of `DataStatuses`' properties), for stable answers. */
export const dataTypeOrder: readonly DataType[] = [
  'bills',
  'chartOfAccounts',
  'company',
  'customers',
  'invoices',
  'journalEntries',
  'payments',
  'suppliers',
  'taxRates',
  'banking-accountBalances',
  'banking-accounts',
  'banking-transactionCategories',
  'banking-transactions',
  'commerce-companyInfo',
  'commerce-customers',
  'commerce-orders',
  'commerce-payments',
  'commerce-products',
  'commerce-transactions',
];

/** How a pull requested at `requested` (epoch ms) runs: queued for a quarter of `duration`, then fetching. */
export function planPull(requested: number, duration: number, errorMessage?: string): PullPlan {
  return { fetchingAt: requested + Math.floor(duration / 4), settlesAt: requested + duration, ...(errorMessage === undefined ? {} : { errorMessage }) };
}

/**
 * Moves a planned operation to its state at `at` (epoch ms): `Queued` (progress 0), `Fetching`
 * (progress 10 to 90 as time passes), then settled: `Complete`, or `FetchError` with the plan's
 * message, with `completed` set and progress 100. Returns whether it has just completed.
 */
export function advancePull(operation: StoredPullOperation, at: number): boolean {
  const { plan } = operation;
  if (!plan) return false;
  if (at >= plan.settlesAt) {
    operation.status = plan.errorMessage === undefined ? 'Complete' : 'FetchError';
    if (plan.errorMessage !== undefined) operation.errorMessage = plan.errorMessage;
    operation.completed = new Date(plan.settlesAt).toISOString();
    operation.progress = 100;
    delete operation.plan;
    return operation.status === 'Complete';
  }
  if (at >= plan.fetchingAt) {
    operation.status = 'Fetching';
    operation.progress = 10 + Math.floor((80 * (at - plan.fetchingAt)) / (plan.settlesAt - plan.fetchingAt));
  }
  return false;
}
