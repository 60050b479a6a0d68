import type { HandlerSettings, Permission } from '../types.js';

// The model's shapes are the contract's (contracts/dataholder.openapi.json), declared once in the core.
export type {
  Dataholder,
  DataholderConnection,
  DataholderConnectionState,
  DataholderConsent,
  DataholderMetric,
  DataholderPermission,
  DataholderTokenGrant,
  DatasetReadState,
} from '@codat-connections/core/dataholder/contract';

/** What `authorize` decides for a signed-in user: whose connections they may manage, and how. */
export interface DataholderAuthorization {
  /** The platform's id of the user. */
  userId: string;
  /** Who the token is for (the JWT `sub`); defaults to `user:<userId>`. */
  subject?: string;
  /** Defaults to read, link and unlink; any other permission is dropped. */
  permissions?: Permission[];
}

export interface DataholderHandlerOptions extends HandlerSettings {
  /** The platform's API key, sent upstream as `X-Api-Key` and nowhere else. */
  apiKey: string;
  /** The platform's OAuth client, for the client-credentials access token. Never sent to the browser. */
  clientId: string;
  clientSecret: string;
  /**
   * Decides, from the page's own session (cookie, header...), whose connections the caller may
   * manage. `hint.userId` is what the page asked for; return `null` to refuse (401).
   */
  authorize(request: Request, hint: { userId?: string }): Promise<DataholderAuthorization | null>;
  /** The platform's base URL (required). */
  upstream: string;
  /** The app id sent with every new consent (`app`); the platform's default when unset. */
  app?: string;
}

export type DataholderHandler = (request: Request) => Promise<Response>;
