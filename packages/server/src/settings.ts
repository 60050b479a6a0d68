import { errorResponse, HandlerError } from './errors.js';
import { normaliseBasePath } from './router.js';
import { signingKey } from './token.js';
import type { HandlerSettings } from './types.js';

type SharedOptions = HandlerSettings & { authorize: unknown };

/** Checks the shared options and fills in their defaults; `caller` names the factory in errors. */
export function sharedSettings(options: SharedOptions, caller: string, defaultBasePath: string) {
  if (typeof options.authorize !== 'function') throw new TypeError(`${caller}: \`authorize\` is required`);
  const { bus } = options;
  if (bus !== undefined && (typeof bus?.publish !== 'function' || typeof bus.subscribe !== 'function')) {
    throw new TypeError(`${caller}: \`bus\` must be a bus, e.g. createMemoryBus() or await createRedisBus({ url })`);
  }
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
    upstreamTimeout: positive(options.upstreamTimeout, 30_000, 'upstreamTimeout', caller),
    upstreamBodyLimit: positive(options.upstreamBodyLimit, 10 * 1024 * 1024, 'upstreamBodyLimit', caller),
    authorizeTimeout: positive(options.authorizeTimeout, 10_000, 'authorizeTimeout', caller),
    streamLimit: positive(options.streamLimit, 10, 'streamLimit', caller),
    heartbeatInterval: positive(options.heartbeatInterval, 15_000, 'heartbeatInterval', caller),
    /** Where log lines go before redaction. */
    sink: options.log ?? ((line: string) => console.warn(line)),
  };
}

/** A limit option: a positive integer, or the default when it is not given. */
function positive(value: number | undefined, fallback: number, name: string, caller: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${caller}: \`${name}\` must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
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

/** A handler's options, or a function answering them (perhaps from a secret store) on first use. */
export type OptionsOrLater<O> = O | (() => O | Promise<O>);

/**
 * The handler for `options`, or, when `options` is a function, a handler that calls it and creates
 * the real one on its first request: a build (`next build` collects its routes by importing them)
 * or a test importing the module then needs no secrets. A mistake the options hold is then told on
 * that request: logged once to `console.error`, and answered 500 until the options are right.
 */
export function createLater<O>(options: OptionsOrLater<O>, create: (options: O) => (request: Request) => Promise<Response>) {
  if (typeof options !== 'function') return create(options);
  const later = options as () => O | Promise<O>;
  let created: Promise<(request: Request) => Promise<Response>> | undefined;
  let told = '';
  return async (request: Request): Promise<Response> => {
    created ??= Promise.resolve().then(later).then(create);
    let handler;
    try {
      handler = await created;
    } catch (error) {
      created = undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== told) console.error(`codat-connections-server: could not create the handler: ${(told = message)}`);
      return errorResponse(new HandlerError(500, 'The connections handler is not configured: see the server log', { canBeRetried: false }));
    }
    return handler(request);
  };
}
