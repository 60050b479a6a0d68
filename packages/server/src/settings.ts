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
    allowedOrigins: new Set(checkOrigins(options.allowedOrigins, caller)),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    upstreamTimeout: options.upstreamTimeout ?? 30_000,
    /** Where log lines go before redaction. */
    sink: options.log ?? ((line: string) => console.warn(line)),
  };
}

/**
 * `allowedOrigins` as origins: the browser's `Origin` is scheme, host and port only, so an entry
 * with a path or a trailing slash would never match, and every request from it would be refused.
 */
function checkOrigins(origins: unknown, caller: string): string[] {
  if (origins === undefined) return [];
  if (!Array.isArray(origins)) throw new TypeError(`${caller}: \`allowedOrigins\` must be an array of origins, e.g. ['https://app.example.com']`);
  for (const origin of origins) {
    const parsed = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin).origin : undefined;
    if (parsed !== origin) {
      const fix = parsed && parsed !== 'null' ? `write it as ${JSON.stringify(parsed)}` : 'write each as scheme, host and port';
      throw new TypeError(`${caller}: \`allowedOrigins\` holds ${JSON.stringify(origin)}, which is not an origin: ${fix} (no path, no trailing slash)`);
    }
  }
  return origins;
}
