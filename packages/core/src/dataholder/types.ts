/**
 * The consent-based connection model of open-banking platforms (a user's link to a dataholder),
 * as the partner's backend serves it (see docs/dataholder.md). Enums are open: a value the
 * platform adds later is kept, not thrown on.
 */
import type { RequestOptions } from '../types.js';

export type DataholderConnectionStatus = 'ACTIVE' | 'EXPIRED' | 'DISCONNECTED' | 'INITIATED' | (string & {});

/** The datasets a connection reads. */
export type Metric = 'BANK_ACCOUNT' | 'BANK_BALANCE' | 'BANK_TRANSACTION' | 'USER_INFO' | (string & {});

/** How the last read of one dataset went. */
export interface DatasetReadState {
  status: 'SUCCESS' | 'FAILURE' | (string & {});
  referenceId?: string;
  /** ISO 8601: the last read that succeeded. */
  lastSuccess?: string | null;
  /** ISO 8601: the last read, whatever its outcome. */
  lastUpdated?: string | null;
}

export interface ConnectionState {
  status?: DataholderConnectionStatus;
  connectedAt?: string | null;
  disconnectedAt?: string | null;
  BANK_ACCOUNT?: DatasetReadState;
  BANK_BALANCE?: DatasetReadState;
  BANK_TRANSACTION?: DatasetReadState;
  USER_INFO?: DatasetReadState;
}

/** A user's connection to a dataholder, for an app. */
export interface DataholderConnection {
  id: string;
  app?: string;
  /** The dataholder's id. */
  dataholder: string;
  /** The user's id. */
  user?: string;
  /** What the dataholder granted; `null` unless the connection is active, expired or disconnected. */
  scopes?: string[] | null;
  /** What the connection was created for; `null` means every metric. */
  metrics?: Metric[] | null;
  status: DataholderConnectionStatus;
  connectionState?: ConnectionState;
}

export interface Dataholder {
  id: string;
  name: string;
  logoUrl?: string;
}

/** A consent journey started: the connection it is for, and the consent page to open. */
export interface Consent {
  connection: DataholderConnection;
  url: string;
}

/** What the partner's token endpoint answers for the dataholder model: a token bound to one user. */
export interface DataholderGrant {
  accessToken: string;
  expiresIn: number;
  /** The user the token is bound to; it wins over any hint. */
  userId: string;
  /** Where operations go; wins over the client's `baseUrl`. */
  baseUrl?: string;
  tokenType?: 'Bearer' | (string & {});
  permissions?: string[];
}

export type DataholderTokenProvider = (context: { userId?: string }) => Promise<DataholderGrant>;

export interface DataholderClientOptions {
  /** URL of the partner's token endpoint (POSTed to, with cookies), or a function that returns a grant. */
  token: string | DataholderTokenProvider;
  /** Sent to the token endpoint as a hint; the grant decides. */
  userId?: string;
  /** Where operations go when the grant names no `baseUrl`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeout?: number;
  /** Retries for reads (default 2). */
  retry?: number;
}

/** Who a consent journey is for: a dataholder the user has no connection to, or one of the user's connections. */
export type ConsentTarget = { dataholder: string } | { connectionId: string };

/** The partner backend's dataholder routes, with the token in memory (see docs/dataholder.md). */
export interface DataholderClient {
  /** The user of the current grant, once one has been fetched. */
  readonly userId: string | undefined;
  /** The permissions of the current grant, once fetched and when it names them. */
  readonly permissions: readonly string[] | undefined;
  /** Every connection of the user. */
  list(options?: RequestOptions): Promise<DataholderConnection[]>;
  get(connectionId: string, options?: RequestOptions): Promise<DataholderConnection>;
  /** Ends the connection's consent; it stays, `DISCONNECTED`. Never retried automatically. */
  disconnect(connectionId: string, options?: RequestOptions): Promise<DataholderConnection>;
  /** Starts a consent journey: its connection (`INITIATED` when new) and the page to open. Never retried automatically. */
  consent(target: ConsentTarget, options?: RequestOptions): Promise<Consent>;
  /** The dataholders a user may connect to. */
  dataholders(options?: RequestOptions): Promise<Dataholder[]>;
}
