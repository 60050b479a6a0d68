import type { DataholderConnection } from '@codat-connections/core/dataholder/contract';
import type { FaultOptions } from '../types.js';

// The model's shapes are the contract's (contracts/dataholder.openapi.json), declared once in the core.
export type {
  Dataholder,
  DataholderConnection,
  DataholderConnectionState,
  DataholderMetric,
  DatasetReadState,
} from '@codat-connections/core/dataholder/contract';

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
