import type { WebhookAttempt, WebhookFaults, WebhookOptions } from './webhooks.js';

/** Connection statuses the emulator uses (Codat `DataConnectionStatus`). */
export type ConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized';

/** Codat `Integration.sourceType`, as far as the catalogue uses it. */
export type SourceType = 'Accounting' | 'Banking' | 'Commerce';

/** Codat `DataConnectionError`. */
export interface DataConnectionError {
  statusCode: string;
  statusText: string;
  errorMessage: string;
  erroredOnUtc: string;
  status: 'Active' | 'Resolved';
  resolvedOnUtc?: string;
}

/** A connection as the store keeps it; its `linkUrl` is derived per request from the public URL. */
export interface StoredConnection {
  id: string;
  companyId: string;
  integrationKey: string;
  status: ConnectionStatus;
  created: string;
  lastSync?: string;
  dataConnectionErrors: DataConnectionError[];
}

/** Codat data types the emulator's connections hold (keys of `DataStatuses`). */
export type DataType =
  | 'chartOfAccounts'
  | 'company'
  | 'customers'
  | 'suppliers'
  | 'invoices'
  | 'bills'
  | 'payments'
  | 'journalEntries'
  | 'taxRates'
  | 'banking-accounts'
  | 'banking-accountBalances'
  | 'banking-transactions'
  | 'banking-transactionCategories'
  | 'commerce-companyInfo'
  | 'commerce-customers'
  | 'commerce-orders'
  | 'commerce-payments'
  | 'commerce-products'
  | 'commerce-transactions';

/** Codat `PullOperation.status` ("Dataset status"); the emulator's operations take the first four. */
export type PullOperationStatus = 'Queued' | 'Fetching' | 'Complete' | 'FetchError';

/** How a queued pull operation will run: it fetches from `fetchingAt` and settles at `settlesAt` (epoch ms). */
export interface PullPlan {
  fetchingAt: number;
  settlesAt: number;
  /** Set when the operation will end in `FetchError`. */
  errorMessage?: string;
}

/** A pull operation (dataset) as the store keeps it; `plan` is there until it has settled. */
export interface StoredPullOperation {
  id: string;
  companyId: string;
  connectionId: string;
  dataType: DataType;
  status: PullOperationStatus;
  requested: string;
  completed?: string;
  progress: number;
  errorMessage?: string;
  plan?: PullPlan;
}

export interface StoredCompany {
  id: string;
  name: string;
  description: string;
  created: string;
}

/**
 * Faults injected into API responses, for tests. Each kind is independent; "count" kinds apply to
 * the next N API requests (`true`: to every request until cleared).
 */
export interface FaultOptions {
  /** Milliseconds added before every API response. */
  latency?: number;
  /**
   * Fraction (0..1) of API requests answered 500. Deterministic: failures are spread evenly,
   * e.g. 0.25 fails the 4th, 8th, 12th... request to arrive after the faults were set, however many are in flight.
   */
  failureRate?: number;
  /** Answer the next `count` API requests (default 1) with `status` and a Codat error body. */
  forceStatus?: { status: number; count?: number };
  /** Answer with a body that is not JSON (`Content-Type` still says JSON). */
  malformed?: number | boolean;
  /** Drop the connection: the response body stream errors, so the client sees a network error. */
  drop?: number | boolean;
}

export interface RateLimitOptions {
  /** Requests allowed per API key in each window. */
  limit: number;
  windowSeconds: number;
}

export interface EmulatorOptions {
  /** The accepted API key, sent as `Authorization: Basic base64(apiKey)`. Default `emulator-api-key`. */
  apiKey?: string;
  /** Path prefix where the emulator is mounted, e.g. `/emulator`. Default `''`. */
  basePath?: string;
  /** Absolute URL of the mount (origin + basePath) for `linkUrl` and `logoUrl`; default: from each request's URL. */
  publicUrl?: string;
  /**
   * Where the link page sends the user after Authorize or Deny, with Codat's redirect parameters:
   * an absolute URL, or a path (`/codat-return.html`) on the origin of the partner page that sent
   * the user to the link page (its `Referer`) when that origin is one of `returnOrigins`, else on
   * the emulator's own origin.
   */
  redirectUrl?: string;
  /**
   * The origins of partner apps, besides the emulator's own, whose pages get their user back at a
   * path `redirectUrl`, as each app would set its own redirect URL in Codat's portal. Each an
   * origin, https or http on loopback (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`); default none.
   */
  returnOrigins?: string[];
  /** Per-API-key rate limit; default 1000 requests per 60 seconds. `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Fault injection; off by default. When on, the admin routes exist under `{basePath}/_emulator/`. */
  faults?: boolean | FaultOptions;
  /** Clock, for deterministic tests. */
  now?: () => Date;
  /**
   * Milliseconds a pull operation queued by refresh-company-data takes, by the `now` clock:
   * `Queued` for the first quarter, then `Fetching`, then `Complete` (or `FetchError`). Default 3000.
   */
  pullDuration?: number;
  /**
   * Webhooks (Codat's consumers, `POST /webhooks`): the signing secret (default
   * `DEFAULT_WEBHOOK_SECRET`), the retry schedule (Codat's by default), a `timeScale` multiplying
   * every wait (0.001 runs Codat's schedule in milliseconds), the consumer's `timeout`, the `fetch` that delivers.
   */
  webhooks?: Partial<WebhookOptions>;
}

export interface Emulator {
  /**
   * Answers one request. `env` is the second argument hono adapters pass; under
   * @hono/node-server it lets a dropped-connection fault close the socket before any byte is sent.
   */
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** Restores the deterministic seed and clears faults and rate-limit counters. */
  reset(): void;
  /** Replaces the injected faults (works whether or not the admin routes exist). */
  setFaults(faults: FaultOptions): void;
  /** The seeded companies, for tools and tests. */
  readonly companies: ReadonlyArray<{ id: string; name: string }>;
  /** What the platform does on its own: access revoked there (`Deauthorized`, "revoked at Xero"), or given again (`Linked`); consumers are told. */
  setConnectionStatus(companyId: string, connectionId: string, status: 'Deauthorized' | 'Linked'): void;
  /** Webhook deliveries: every attempt so far, and the delivery faults. */
  readonly webhooks: { attempts(): readonly WebhookAttempt[]; setFaults(faults: WebhookFaults): void };
}
