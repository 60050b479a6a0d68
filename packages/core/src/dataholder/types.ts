/**
 * The client of the partner's dataholder routes (see docs/dataholder.md). The model's shapes are
 * declared once, in `contract.ts`, and read from there by the server and the emulator too.
 */
import type { RequestOptions } from '../types.js';
import type { Dataholder, DataholderConnection, DataholderConsent, DataholderConsentRequest, DataholderTokenGrant } from './contract.js';

export type * from './contract.js';

/**
 * What a token provider answers: the handler's {@link DataholderTokenGrant}, or a grant of the
 * partner's own with what the client needs (the user, the token and its lifetime).
 */
export type DataholderGrant = Pick<DataholderTokenGrant, 'accessToken' | 'expiresIn' | 'userId'> &
  Partial<Pick<DataholderTokenGrant, 'baseUrl' | 'tokenType' | 'permissions'>>;

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
  consent(target: DataholderConsentRequest, options?: RequestOptions): Promise<DataholderConsent>;
  /** The dataholders a user may connect to. */
  dataholders(options?: RequestOptions): Promise<Dataholder[]>;
}
