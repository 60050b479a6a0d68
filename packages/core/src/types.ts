/**
 * Types of Codat's Platform API, written from Codat's OpenAPI description
 * (`Codat-Platform.json`, schemas Connection, Connections, PagingInfo, DataConnectionError,
 * ErrorMessage, Integration, Branding, DataStatuses, DataStatus, PullOperations, PullOperation).
 * A contract test checks them against it.
 *
 * Enums are open (`| (string & {})`): a value Codat adds later is kept, not thrown on.
 */

/** Codat `DataConnectionStatus`. */
export type DataConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized' | (string & {});

/** Codat `Integration.sourceType`. */
export type SourceType = 'Accounting' | 'Banking' | 'BankFeed' | 'Commerce' | 'Expense' | 'Other' | 'Unknown' | (string & {});

/** Codat `DataConnectionError`. */
export interface DataConnectionError {
  statusCode?: string;
  statusText?: string;
  errorMessage?: string;
  erroredOnUtc?: string;
  status?: 'Active' | 'Resolved' | 'Unknown' | (string & {});
  resolvedOnUtc?: string;
}

/** Codat `Connection`. */
export interface Connection {
  id: string;
  integrationId: string;
  integrationKey?: string;
  sourceId: string;
  sourceType: SourceType;
  platformName: string;
  linkUrl: string;
  status: DataConnectionStatus;
  lastSync?: string | null;
  created: string;
  dataConnectionErrors?: DataConnectionError[] | null;
  connectionInfo?: Record<string, unknown> | null;
}

/** Codat `PagingInfo._links` entry. */
export interface HalRef {
  href?: string;
}

/** Codat `PagingInfo`. */
export interface PagingInfo {
  pageNumber: number;
  pageSize: number;
  totalResults: number;
  _links: { self: HalRef; current: HalRef; next?: HalRef; previous?: HalRef };
}

/** Codat `Connections`: one page of a company's connections. */
export interface ConnectionsPage extends PagingInfo {
  results: Connection[];
}

/** Codat `Integration` (platform name, logo and what it supports). */
export interface Integration {
  key: string;
  logoUrl: string;
  name: string;
  enabled: boolean;
  sourceId?: string;
  sourceType?: SourceType;
  integrationId?: string;
  isOfflineConnector?: boolean;
  isBeta?: boolean;
  dataProvidedBy?: string;
  datatypeFeatures?: Array<{
    datatype?: string;
    dataType?: string;
    supportedFeatures: Array<{ featureType: string; featureState: string }>;
  }>;
}

/** Codat `Integrations`: one page of integrations. */
export interface IntegrationsPage extends PagingInfo {
  results: Integration[];
}

/** Codat's data types (`DataStatus.dataType`), the kinds of company data Codat reads from a platform. */
export type DataType =
  | 'accountTransactions'
  | 'balanceSheet'
  | 'bankAccounts'
  | 'bankTransactions'
  | 'billCreditNotes'
  | 'billPayments'
  | 'bills'
  | 'cashFlowStatement'
  | 'chartOfAccounts'
  | 'company'
  | 'creditNotes'
  | 'customers'
  | 'directCosts'
  | 'directIncomes'
  | 'invoices'
  | 'itemReceipts'
  | 'items'
  | 'journalEntries'
  | 'journals'
  | 'paymentMethods'
  | 'payments'
  | 'profitAndLoss'
  | 'purchaseOrders'
  | 'salesOrders'
  | 'suppliers'
  | 'taxRates'
  | 'trackingCategories'
  | 'transfers'
  | 'banking-accountBalances'
  | 'banking-accounts'
  | 'banking-transactionCategories'
  | 'banking-transactions'
  | 'commerce-companyInfo'
  | 'commerce-customers'
  | 'commerce-disputes'
  | 'commerce-locations'
  | 'commerce-orders'
  | 'commerce-paymentMethods'
  | 'commerce-payments'
  | 'commerce-productCategories'
  | 'commerce-products'
  | 'commerce-taxComponents'
  | 'commerce-transactions'
  | (string & {});

/** Codat `PullOperation.status` ("Dataset status"), also a data type's `currentStatus`. */
export type PullOperationStatus =
  | 'Initial'
  | 'Queued'
  | 'Fetching'
  | 'MapQueued'
  | 'Mapping'
  | 'Complete'
  | 'FetchError'
  | 'MapError'
  | 'InternalError'
  | 'ProcessingQueued'
  | 'Processing'
  | 'ProcessingError'
  | 'ValidationQueued'
  | 'Validating'
  | 'ValidationError'
  | 'AuthError'
  | 'Cancelled'
  | 'NotSupported'
  | 'RateLimitError'
  | 'PermissionsError'
  | 'PrerequisiteNotMet'
  | (string & {});

/** Codat `DataStatus`: the state of one data type in Codat's cache for a company. */
export interface DataStatus {
  dataType: DataType;
  currentStatus: PullOperationStatus;
  /** When this data type was last read successfully (ISO 8601). */
  lastSuccessfulSync?: string;
  /** The pull operation (dataset) that read it most recently, and the one that last succeeded. */
  latestSyncId?: string;
  latestSuccessfulSyncId?: string;
}

/** Codat `DataStatuses`: one entry per data type, keyed by it; `null` (or absent) for a data type not read. */
export type DataStatuses = { [dataType in DataType]?: DataStatus | null };

/** Codat `PullOperation` (formerly "dataset"): one read of one data type, queued, running or done. */
export interface PullOperation {
  id: string;
  companyId: string;
  connectionId: string;
  dataType: DataType;
  status: PullOperationStatus;
  statusDescription?: string | null;
  errorMessage?: string | null;
  requested: string;
  completed?: string;
  /** Codat's measure of the read's progress, an integer. */
  progress: number;
  /** `true` once it completed successfully. */
  isCompleted: boolean;
  isErrored: boolean;
}

/** Codat `PullOperations`: one page of a company's pull operations. */
export interface PullOperationsPage extends PagingInfo {
  results: PullOperation[];
}

/** Codat `ErrorMessage`: the body of every error response. */
export interface ErrorMessage {
  statusCode?: number;
  service?: string;
  error?: string;
  correlationId?: string;
  validation?: {
    errors?: Array<{ itemId?: string | null; message?: string | null; validatorName?: string | null }> | null;
    warnings?: Array<{ itemId?: string | null; message?: string | null; validatorName?: string | null }> | null;
  } | null;
  /** Codat sends this as a string: "True", "False" or "Unknown". */
  canBeRetried?: string;
  detailedErrorCode?: number;
}

/** What a token-issuing endpoint answers (see `@codat-connections/server`). */
export interface TokenGrant {
  /** Short-lived bearer token for the operations below; kept in memory only. */
  accessToken: string;
  /** Seconds until `accessToken` expires. */
  expiresIn: number;
  /** The company the token is bound to; it wins over any hint. */
  companyId: string;
  /** Where operations go; wins over the client's `baseUrl`. */
  baseUrl?: string;
  tokenType?: 'Bearer' | (string & {});
  /** What the token allows (`@codat-connections/server` names them); a custom provider may omit them. */
  permissions?: string[];
}

/** Fetches a fresh grant from the page's own backend. Called again by the client when needed. */
export type TokenProvider = (ctx: { companyId?: string; signal?: AbortSignal }) => Promise<TokenGrant>;

export interface ConnectionsClientOptions {
  /** URL of the token endpoint (POSTed to, with cookies), or a function that returns a grant. */
  token: string | TokenProvider;
  /** Sent to the token endpoint as a hint; the grant decides. */
  companyId?: string;
  /** Where operations go when the grant names no `baseUrl`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeout?: number;
  /**
   * Milliseconds to wait for a grant (default: `timeout`): the token endpoint's answer when `token`
   * is its URL, or the function's when it is a function. Past it, the operation fails with code
   * `timeout` and the next one asks again.
   */
  tokenTimeout?: number;
  /** Retries for idempotent operations (default 2). */
  retry?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ListParams extends RequestOptions {
  page?: number;
  pageSize?: number;
  /** Codat query language, e.g. `status=Linked`. */
  query?: string;
  /** Field to order by; `-` prefix for descending. */
  orderBy?: string;
}

export interface IntegrationsParams extends RequestOptions {
  sourceType?: SourceType;
}

export interface PullOperationsParams extends RequestOptions {
  /** Only this connection's pull operations (a UUID). */
  connectionId?: string;
  /** Only this data type's. */
  dataType?: DataType;
  page?: number;
  pageSize?: number;
  /** Field to order by; `-` prefix for descending, e.g. `-requested` for the newest first. */
  orderBy?: string;
}

export interface LinkOptions extends RequestOptions {
  /** A window opened synchronously in the user's click; `null` when it was blocked. */
  popup?: Window | null;
  /** Milliseconds to wait for the user to authorize (default 10 minutes). */
  timeout?: number;
  /** Called once the connection to authorize is known (after `create` for a platform key). */
  onConnection?: (connection: Connection) => void;
}

export interface ConnectionsClient {
  /** The company of the current grant, once one has been fetched. */
  readonly companyId: string | undefined;
  /** The permissions of the current grant, once one has been fetched and when it names them. */
  readonly permissions: readonly string[] | undefined;
  list(params?: ListParams): Promise<ConnectionsPage>;
  /** Follows pages until `totalResults` connections have been yielded. */
  listAll(params?: Omit<ListParams, 'page'>): AsyncIterable<Connection>;
  get(connectionId: string, options?: RequestOptions): Promise<Connection>;
  /** Creates a `PendingAuth` connection with a `linkUrl`. Never retried automatically. */
  create(platformKey: string, options?: RequestOptions): Promise<Connection>;
  unlink(connectionId: string, options?: RequestOptions): Promise<Connection>;
  delete(connectionId: string, options?: RequestOptions): Promise<void>;
  /** Enabled integrations, cached for the client's life. */
  integrations(params?: IntegrationsParams): Promise<Integration[]>;
  /** Runs Codat's link flow and resolves once the connection is `Linked`. */
  link(target: string | Connection, options?: LinkOptions): Promise<Connection>;
  /** The state of each data type in Codat's cache for the company. */
  dataStatus(options?: RequestOptions): Promise<DataStatuses>;
  /** One page of the company's pull operations, optionally of one connection and one data type. */
  pullOperations(params?: PullOperationsParams): Promise<PullOperationsPage>;
  pullOperation(datasetId: string, options?: RequestOptions): Promise<PullOperation>;
  /**
   * Queues a read of every data type set to "fetch on first link" from the company's platforms.
   * Never retried automatically.
   */
  refresh(options?: RequestOptions): Promise<void>;
}

export type Operation =
  | 'token'
  | 'list'
  | 'get'
  | 'create'
  | 'unlink'
  | 'delete'
  | 'integrations'
  | 'link'
  | 'dataStatus'
  | 'pullOperations'
  | 'pullOperation'
  | 'refresh'
  // Live updates (`@codat-connections/core/watch`).
  | 'watch'
  // The dataholder model's (`@codat-connections/core/dataholder`).
  | 'disconnect'
  | 'consent'
  | 'dataholders';

export type ConnectionsErrorCode =
  | 'invalid_argument'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'link_blocked'
  | 'link_cancelled'
  | 'link_timeout'
  | 'http_error';
