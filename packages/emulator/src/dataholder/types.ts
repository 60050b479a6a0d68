import type { FaultOptions } from '../types.js';

/** A dataset a connection reads from its dataholder (and the name of its state in `connectionState`). */
export type Metric = 'BANK_ACCOUNT' | 'BANK_BALANCE' | 'BANK_TRANSACTION' | 'USER_INFO';

export const METRICS: readonly Metric[] = ['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION', 'USER_INFO'];

/** How the last read of one dataset went. */
export interface DatasetState {
  status: 'SUCCESS' | 'FAILURE' | string;
  referenceId: string;
  lastSuccess: string | null;
  lastUpdated: string | null;
}

export interface ConnectionState extends Partial<Record<Metric, DatasetState>> {
  /** The same as the connection's `status`. */
  status: string;
  connectedAt: string | null;
  disconnectedAt: string | null;
}

/** A consent-based connection between a user of an app and a dataholder (docs/dataholder.md). */
export interface DataholderConnection {
  id: string;
  app: string;
  dataholder: string;
  user: string;
  /** What the dataholder granted; `null` until a consent is approved. */
  scopes: string[] | null;
  /** What the connection was created for; `null` means every metric. */
  metrics: Metric[] | null;
  status: 'ACTIVE' | 'EXPIRED' | 'DISCONNECTED' | 'INITIATED' | string;
  connectionState: ConnectionState;
}

export interface Dataholder {
  id: string;
  name: string;
  logoUrl?: string;
}

/** A dataholder as seeded: with `logo`, the emulator serves a generated logo and answers its `logoUrl`. */
export interface SeedDataholder {
  id: string;
  name: string;
  logo?: { colour: string; initials: string };
}

/** What the emulator starts with (and returns to on `reset()`). */
export interface DataholderSeed {
  dataholders: SeedDataholder[];
  connections: DataholderConnection[];
}

export interface DataholderEmulatorOptions {
  /** The accepted `X-Api-Key`. Default {@link DEFAULT_DATAHOLDER_API_KEY}. */
  apiKey?: string;
  /** The OAuth client's id and secret for `POST /oauth/token`. Defaults `DEFAULT_DATAHOLDER_CLIENT_ID` and `…_SECRET`. */
  clientId?: string;
  clientSecret?: string;
  /** Path prefix where the emulator is mounted, e.g. `/dataholder-emulator`. Default `''`. */
  basePath?: string;
  /** Absolute URL of the mount (origin + basePath) for consent and logo URLs; default: from each request's URL. */
  publicUrl?: string;
  /** Clock, for deterministic tests: token expiry, timestamps and dataset reads follow it. */
  now?: () => Date;
  /** The data to start with, given the clock's time; default `dataholderSeed`. */
  seed?: (now: Date) => DataholderSeed;
  /** Milliseconds (by `now`) after an approved consent before the connection's datasets are read (`SUCCESS`). Default 2000. */
  datasetDelay?: number;
  /** Lifetime in seconds of the access tokens the token endpoint issues. Default 3600. */
  accessTokenTtl?: number;
  /** The app id stamped on connections whose consent request names none. Default `codat-connections-demo`. */
  app?: string;
  /**
   * Faults injected into the token endpoint's and the `/v1` API's responses (as the Codat
   * emulator's). `true` (or any faults) also serves the admin routes `POST /_emulator/faults` and
   * `POST /_emulator/reset`, for browser tests; off by default.
   */
  faults?: boolean | FaultOptions;
}

export interface DataholderEmulator {
  /** Answers one request (fetch-standard). */
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** Restores the seed and clears faults; access tokens already issued stay valid. */
  reset(): void;
  /** Replaces the injected faults. */
  setFaults(faults: FaultOptions): void;
}
