import { normaliseBasePath } from './router.js';
import { signingKey } from './token.js';
import type { ConnectionsHandlerOptions } from './types.js';

/** The options both handlers take alike (documented on {@link ConnectionsHandlerOptions}). */
type SharedOptions = Pick<ConnectionsHandlerOptions, 'secret' | 'basePath' | 'tokenTtl' | 'allowedOrigins' | 'fetch' | 'upstreamTimeout' | 'log'> & {
  authorize: unknown;
};

/** Checks the shared options and fills in their defaults; `caller` names the factory in errors. */
export function sharedSettings(options: SharedOptions, caller: string, defaultBasePath: string) {
  if (typeof options.authorize !== 'function') throw new TypeError(`${caller}: \`authorize\` is required`);
  const key = signingKey(options.secret, caller);
  const basePath = normaliseBasePath(options.basePath ?? defaultBasePath);
  const tokenTtl = options.tokenTtl ?? 600;
  if (!Number.isInteger(tokenTtl) || tokenTtl < 1) throw new TypeError(`${caller}: \`tokenTtl\` must be a positive integer`);
  return {
    key,
    basePath,
    tokenTtl,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    upstreamTimeout: options.upstreamTimeout ?? 30_000,
    /** Where log lines go before redaction. */
    sink: options.log ?? ((line: string) => console.warn(line)),
  };
}
