import type { Permission } from '../types.js';

/** What a dataholder token may carry: read, link (consent) and unlink (disconnect); all three by default. */
export type DataholderPermission = Extract<Permission, 'connections:read' | 'connections:link' | 'connections:unlink'>;

/** What `authorize` decides for a signed-in user: whose connections they may manage, and how. */
export interface DataholderAuthorization {
  /** The platform's id of the user. */
  userId: string;
  /** Who the token is for (the JWT `sub`); defaults to `user:<userId>`. */
  subject?: string;
  /** Defaults to read, link and unlink; any other permission is dropped. */
  permissions?: Permission[];
}

export interface DataholderHandlerOptions {
  /** The platform's API key, sent upstream as `X-Api-Key` and nowhere else. */
  apiKey: string;
  /** The platform's OAuth client, for the client-credentials access token. Never sent to the browser. */
  clientId: string;
  clientSecret: string;
  /** Signs access tokens (HS256); at least 32 bytes. May be the Codat handler's: neither accepts the other's tokens. */
  secret: string | Uint8Array;
  /**
   * Decides, from the page's own session (cookie, header...), whose connections the caller may
   * manage. `hint.userId` is what the page asked for; return `null` to refuse (401).
   */
  authorize(request: Request, hint: { userId?: string }): Promise<DataholderAuthorization | null>;
  /** The platform's base URL (required). */
  upstream: string;
  /** Where the handler is mounted (default `/api/dataholder`). */
  basePath?: string;
  /** Token lifetime in seconds (default 600). */
  tokenTtl?: number;
  /** Other origins allowed to call the handler (CORS); same-origin only by default. */
  allowedOrigins?: string[];
  /** The `fetch` used to reach `upstream` (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Milliseconds to wait for `upstream` (each call, the access token's included) before answering 504 (default 30 000). */
  upstreamTimeout?: number;
  /** The most bytes of a platform answer the handler reads; a longer one is answered 502 (default 10 MiB). */
  upstreamBodyLimit?: number;
  /** Milliseconds to wait for `authorize` before answering 504 (default 10 000). */
  authorizeTimeout?: number;
  /** Receives one line per server-side failure (default `console.warn`). Never given the credentials. */
  log?: (line: string) => void;
  /** The app id sent with every new consent (`app`); the platform's default when unset. */
  app?: string;
}

export type DataholderHandler = (request: Request) => Promise<Response>;

/** What `POST {basePath}/token` answers. */
export interface DataholderTokenGrant {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  userId: string;
  /** Absolute URL of the handler, so operations come back through it. */
  baseUrl: string;
  /** Exactly the permissions the token carries. */
  permissions: DataholderPermission[];
}

/** How the last read of one dataset went. */
export interface DatasetState {
  status: 'SUCCESS' | 'FAILURE' | string;
  referenceId: string;
  lastSuccess: string | null;
  lastUpdated: string | null;
}

/** The datasets a connection reads, and the names of their states in `connectionState`. */
export type DataholderMetric = 'BANK_ACCOUNT' | 'BANK_BALANCE' | 'BANK_TRANSACTION' | 'USER_INFO';

/** A consent-based connection between a user of an app and a dataholder (docs/dataholder.md). */
export interface DataholderConnection {
  id: string;
  app: string;
  dataholder: string;
  user: string;
  scopes: string[] | null;
  metrics: string[] | null;
  status: 'ACTIVE' | 'EXPIRED' | 'DISCONNECTED' | 'INITIATED' | string;
  connectionState: {
    status: string;
    connectedAt: string | null;
    disconnectedAt: string | null;
  } & Partial<Record<DataholderMetric, DatasetState>>;
}

export interface Dataholder {
  id: string;
  name: string;
  logoUrl?: string;
}

/** What `POST {basePath}/consents` answers: the connection and the consent page to open. */
export interface DataholderConsent {
  connection: DataholderConnection;
  url: string;
}
