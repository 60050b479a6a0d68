import type { Bus } from './bus.js';
/** Codat's `ErrorMessage`: the body of every error the handlers answer (the core's declaration). */
export type { ErrorMessage } from '@codat-connections/core';

/**
 * What a token lets its holder do. `connections:delete` and `connections:refresh` (queuing a read of
 * all the company's data from its platforms) are never granted unless asked for.
 */
export type Permission = 'connections:read' | 'connections:link' | 'connections:unlink' | 'connections:delete' | 'connections:refresh';

/** What `authorize` decides for a signed-in user: the one company they may manage, and how. */
export interface Authorization {
  companyId: string;
  /** Who the token is for (the JWT `sub`); defaults to `company:<companyId>`. */
  subject?: string;
  /** Defaults to read, link and unlink. */
  permissions?: Permission[];
}

/** The options both handlers take alike. */
export interface HandlerSettings {
  /** Signs access tokens (HS256); at least 32 bytes. Both handlers may share one: neither accepts the other's tokens. */
  secret: string | Uint8Array;
  /** Where the handler is mounted (default `/api/codat`, or `/api/dataholder` for the dataholder handler). */
  basePath?: string;
  /** Token lifetime in seconds (default 600). */
  tokenTtl?: number;
  /** Other origins allowed to call the handler (CORS); same-origin only by default. */
  allowedOrigins?: string[];
  /** The `fetch` used to reach `upstream` (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Milliseconds to wait for `upstream` (each call, a platform's access token included) before answering 504 (default 30 000). */
  upstreamTimeout?: number;
  /** The most bytes of an upstream answer the handler reads; a longer one is answered 502 (default 10 MiB). */
  upstreamBodyLimit?: number;
  /** Milliseconds to wait for `authorize` before answering 504 (default 10 000). */
  authorizeTimeout?: number;
  /** Receives one line per server-side failure (default `console.warn`). Never given the credentials. */
  log?: (line: string) => void;
  /**
   * Carries notices to the event streams (`GET …/connections/events`). Given, the streams are
   * served; `createRedisBus` (`@codat-connections/server/redis`) spans several instances. The
   * Codat handler with a `webhookSecret` and no bus uses one instance's own (`createMemoryBus`).
   */
  bus?: Bus;
  /** Event streams one subject may hold open on one instance; one more is answered 429 (default 10). */
  streamLimit?: number;
  /** Milliseconds between an event stream's heartbeats (default 15 000). */
  heartbeatInterval?: number;
}

export interface ConnectionsHandlerOptions extends HandlerSettings {
  /** Codat API key; sent upstream as `Basic <base64(key)>` and nowhere else. */
  apiKey: string;
  /**
   * Decides, from the page's own session (cookie, header...), which company the caller may manage.
   * `hint.companyId` is what the page asked for; return `null` to refuse (401).
   */
  authorize(request: Request, hint: { companyId?: string }): Promise<Authorization | null>;
  /** Codat's API origin (default `https://api.codat.io`). */
  upstream?: string;
  /**
   * The signing secret (`whsec_…`) of the webhook consumer registered with Codat for
   * `POST {basePath}/webhooks`. Given, that route receives Codat's events and the event streams are
   * served. Never logged.
   */
  webhookSecret?: string;
  /** The most bytes of a webhook body read; a longer one is refused 413 (default 262 144). */
  webhookBodyLimit?: number;
}

export type ConnectionsHandler = (request: Request) => Promise<Response>;

/** What `POST {basePath}/token` answers (the core's `TokenGrant`). */
export interface TokenGrant {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  companyId: string;
  /** Absolute URL of the handler, so operations come back through it. */
  baseUrl: string;
  /**
   * Exactly the permissions the token carries (the JWT holds them too), so the page can offer only
   * what the token allows. Not a secret.
   */
  permissions: Permission[];
}
