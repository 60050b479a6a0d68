/**
 * The one view of a connection that `<codat-connections>` renders and reports in its events,
 * whatever the source: Codat's connections today (see `codat/normalize.ts`), other connection
 * models later. A source builds it by normalization, the one place where API data is checked:
 * every field has exactly the type written here, so nothing downstream checks API data again.
 */

/**
 * Where a connection stands, in words common to every connection model:
 * - `linked`: data can be read (Codat `Linked`);
 * - `pending`: waiting for the user to authorize (Codat `PendingAuth`);
 * - `disconnected`: ended by the user or the partner (Codat `Unlinked`);
 * - `expired`: the authorization lapsed or was withdrawn at the platform (Codat `Deauthorized`);
 * - `unknown`: a status this version does not know, or none; the original is in `status`.
 */
export type ConnectionState = 'linked' | 'pending' | 'disconnected' | 'expired' | 'unknown';

/** An active error of a connection, as the source reported it. */
export interface ConnectionErrorView {
  /** What went wrong, as the source says it (may be empty). Always rendered as text. */
  readonly message: string;
  /** When it happened: an ISO 8601 date that parses. */
  readonly time?: string;
  /** The source's status or code for it (Codat's `statusCode`). */
  readonly status?: string;
}

/**
 * How one data type of a connection stands: read (`fresh`), being read (`fetching`, queued
 * included), failed at its last read, never read, or a state this version does not know.
 */
export type DatasetState = 'fresh' | 'fetching' | 'failed' | 'never' | 'unknown';

/** The freshness of one data type of a connection. */
export interface DatasetView {
  /** The source's name of the data type (Codat's `invoices`, `banking-transactions`, ...). */
  readonly type: string;
  readonly state: DatasetState;
  /** The source's own status of the last read (Codat's `FetchError`, ...), when there was one. */
  readonly status?: string;
  /** When it was last read successfully: an ISO 8601 date that parses. */
  readonly lastSuccess?: string;
  /** When it was last asked for: an ISO 8601 date that parses. */
  readonly lastAttempt?: string;
  /** What the source said went wrong, for a failed read. Always rendered as text. */
  readonly message?: string;
}

/** One connection, normalized. A new object whenever anything in it changes. */
export interface ConnectionView {
  /** The source's id of the connection (for Codat, the connection's UUID). */
  readonly id: string;
  /** The platform's (or dataholder's) name; empty when the source gave none. */
  readonly name: string;
  /** The platform key the connection was made with (Codat's `integrationKey`), when known. */
  readonly platformKey?: string;
  /** A logo URL the source gave with the connection itself (Codat gives none: the integration's is used). */
  readonly logoUrl?: string;
  readonly state: ConnectionState;
  /** The status exactly as the source gave it (`PendingAuth`, `ACTIVE`, ...); empty when it was not text. */
  readonly status: string;
  /** `Accounting`, `Banking`, `Commerce`, ... when known. */
  readonly sourceType?: string;
  /** When the connection was made: an ISO 8601 date that parses. */
  readonly created?: string;
  /** When data was last read: an ISO 8601 date that parses. */
  readonly lastSync?: string;
  /** Where the user authorizes it; only ever opened after the https (or loopback) check. */
  readonly linkUrl?: string;
  /** The connection's active errors (resolved ones are left out). */
  readonly errors: readonly ConnectionErrorView[];
  /** Per data type freshness, when the source knows it. */
  readonly datasets?: readonly DatasetView[];
  /**
   * What the user granted, when the model has scopes (the dataholder model's, e.g.
   * `bank:transactions:read`); `null` when the connection is not active.
   */
  readonly scopes?: readonly string[] | null;
  /** What the connection was made to read, when the model says (e.g. `BANK_TRANSACTION`); `null` means everything. */
  readonly metrics?: readonly string[] | null;
  /** When the user last gave consent: an ISO 8601 date that parses. */
  readonly connectedAt?: string;
  /** When the connection was ended: an ISO 8601 date that parses. */
  readonly disconnectedAt?: string;
}

/** A platform the user may connect, normalized from the source's list of integrations. */
export interface PlatformView {
  /** The key to link it with (four lower-case letters for Codat). */
  readonly key: string;
  readonly name: string;
  /** A logo URL already checked as safe to load (https, loopback http, or this page's origin). */
  readonly logoUrl?: string;
  readonly sourceType?: string;
}

/** One page of connections from a source. */
export interface ConnectionsPageView {
  readonly connections: readonly ConnectionView[];
  /** How many connections the source has in all (at least the rows it gave). */
  readonly totalResults: number;
  /** What made rows impossible to show (`results[3]: not an object`); those rows are skipped. */
  readonly problems: readonly string[];
}
