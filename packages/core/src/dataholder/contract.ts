/**
 * The dataholder model's shapes, both directions, declared once and named as the schemas of
 * contracts/dataholder.openapi.json (test/contract/dataholder-types.contract.test.ts holds them to
 * it): the entity, the partner's REST shape (`createDataholderHandler` serves it, the client reads
 * it) and the platform's API (the handler calls it, the emulator serves it). No runtime but the
 * metrics list, so the server and the emulator import it without the client.
 *
 * Statuses are open: a value the platform adds later is kept, not thrown on.
 */

/** The datasets a connection reads, and the names of their states in `connectionState`, in the order rows show them. */
export const DATAHOLDER_METRICS = ['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION', 'USER_INFO'] as const;

export type DataholderMetric = (typeof DATAHOLDER_METRICS)[number];

export type DataholderConnectionStatus = 'ACTIVE' | 'EXPIRED' | 'DISCONNECTED' | 'INITIATED' | (string & {});

export type DatasetReadStatus = 'SUCCESS' | 'FAILURE' | (string & {});

/** How the last read of one dataset went. */
export interface DatasetReadState {
  status: DatasetReadStatus;
  referenceId: string;
  /** ISO 8601: the last read that succeeded. */
  lastSuccess: string | null;
  /** ISO 8601: the last read, whatever its outcome. */
  lastUpdated: string | null;
}

/** The consent's dates, and the last read of each dataset (a dataset not read yet is missing). */
export interface DataholderConnectionState extends Partial<Record<DataholderMetric, DatasetReadState>> {
  /** The same as the connection's `status`. */
  status: DataholderConnectionStatus;
  connectedAt: string | null;
  disconnectedAt: string | null;
}

/** A user's connection to a dataholder, for an app. */
export interface DataholderConnection {
  id: string;
  app: string;
  /** The dataholder's id. */
  dataholder: string;
  /** The user's id. */
  user: string;
  /** What the dataholder granted; `null` unless the consent was given. */
  scopes: string[] | null;
  /** What the connection was created for; `null` means every metric. */
  metrics: DataholderMetric[] | null;
  status: DataholderConnectionStatus;
  connectionState: DataholderConnectionState;
}

export interface Dataholder {
  id: string;
  name: string;
  logoUrl?: string;
}

/** What a dataholder token may carry: read, link (consent) and unlink (disconnect). */
export type DataholderPermission = 'connections:read' | 'connections:link' | 'connections:unlink';

/** What `POST {basePath}/token` takes: nothing, or the user the page asks for, as a hint. */
export interface DataholderTokenRequest {
  userId?: string;
}

/** What `POST {basePath}/token` answers: a token bound to one user. */
export interface DataholderTokenGrant {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  tokenType: 'Bearer';
  /** The user the token is bound to; it wins over any hint. */
  userId: string;
  /** Absolute URL of the handler, so operations come back through it. */
  baseUrl: string;
  /** Exactly the permissions the token carries. */
  permissions: DataholderPermission[];
}

/** `GET {basePath}/connections`: every connection of the token's user. */
export interface DataholderConnections {
  results: DataholderConnection[];
}

/** `GET {basePath}/dataholders`. */
export interface Dataholders {
  results: Dataholder[];
}

/** `POST {basePath}/consents`: a new connection to a dataholder, or consent again for one of the user's connections. */
export type DataholderConsentRequest = ({ dataholder: string } | { connectionId: string }) & {
  /**
   * With `link-mode="redirect"`: the portal page to come back to after the journey, on the
   * handler's origin or one of its `allowedOrigins`, https (or http on loopback); the return page
   * sends the user there with `connectionId` and `outcome`.
   */
  returnTo?: string;
};

/** A consent journey started: its connection (`INITIATED` when new) and the consent page to open. */
export interface DataholderConsent {
  connection: DataholderConnection;
  url: string;
}

/** `POST /oauth/token` at the platform: client credentials in the form or as HTTP Basic. */
export interface PlatformAccessTokenRequest {
  grant_type: 'client_credentials';
  client_id?: string;
  client_secret?: string;
}

/** The platform's OAuth access token. */
export interface PlatformAccessToken {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds. */
  expires_in: number;
}

/** `GET /v1/dataholders` at the platform. */
export interface PlatformDataholders {
  dataholders: Dataholder[];
}

/** `GET /v1/connections?user=` at the platform. */
export interface PlatformConnections {
  connections: DataholderConnection[];
}

/** `POST /v1/consents` at the platform: a new connection, or consent again for one of `user`'s. */
export type PlatformConsentRequest =
  | { user: string; dataholder: string; redirectUri: string; metrics?: DataholderMetric[]; app?: string }
  | { user: string; connectionId: string; redirectUri: string };

/** What the platform answers a consent request: the connection and its consent page. */
export interface PlatformConsent {
  connection: DataholderConnection;
  consentUrl: string;
}

/** Every error of the platform: a code (`not_found`, `invalid_client`...) and a message. */
export interface PlatformErrorBody {
  error: string;
  message: string;
}
