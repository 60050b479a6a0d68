import type { Context } from 'hono';
import { createMemoryBus, type Bus, type Topic } from './bus.js';
import { createStreams } from './events.js';
import { invalid } from './errors.js';
import { tokenRoute, type Binding, type Grant } from './grant.js';
import type { Upstream } from './proxy.js';
import { redacting } from './redact.js';
import { createRouter, TOKEN_PATH, type Router, type RouterOptions } from './router.js';
import { createLater, sharedSettings, type OptionsOrLater } from './settings.js';
import { tokenVerifier } from './token.js';
import type { HandlerSettings, Permission } from './types.js';
import { noOtherParams } from './validation.js';

/** The options every handler takes: the shared settings and `authorize`, whose hint names the binding's field. */
export interface FrameOptions extends HandlerSettings {
  authorize(request: Request, hint: { [field: string]: string | undefined }): Promise<Grant | null>;
}

/** What a handler's route table is written with. */
export interface Frame {
  /** Normalised: `''` or `/a/b`. */
  basePath: string;
  /** The other origins the handler answers (`allowedOrigins`), each exactly an origin. */
  allowedOrigins: ReadonlySet<string>;
  /** The handler's log, which redacts every credential. */
  log: (line: string) => void;
  route: Router['route'];
  operation: Router['operation'];
  /** The path parameter `name`, or a 400 saying what it must be. */
  param(c: Context, name: string, isValid: (value: string) => boolean, requirement: string): string;
  /** Refuses (400) any query parameter: the operation takes none. */
  noQuery(c: Context): void;
  /** The bus the event streams listen to; `undefined` when the handler serves no streams. */
  bus: Bus | undefined;
}

/** What makes one handler: who its tokens are for, the upstream it calls, and its route table. */
export interface HandlerSpec<O extends FrameOptions, C> {
  /** The factory's name, in errors. */
  caller: string;
  defaultBasePath: string;
  binding: Binding;
  /** The permissions its tokens may carry. */
  permissions: readonly Permission[];
  /** Throws a `TypeError` for an option of its own that is wrong; the shared ones are checked after. */
  check(options: O): void;
  /** The upstream's base URL, its name in errors, and the headers every call carries. */
  upstream(options: O): Pick<Upstream, 'base' | 'name' | 'headers'>;
  /** What the routes call the upstream with, and every credential it holds (now and later), for the log's redaction. */
  connect(upstream: Upstream, options: O): { client: C; secrets: () => readonly string[] };
  /** Refuses an operation whose path alone names what its token may not reach. */
  scope?: RouterOptions['scope'];
  /** Where the event stream of a token's company (or user) is served, below the base path. */
  eventsPath: string;
  /** The secrets of its own options, for the log's redaction. */
  ownSecrets?(options: O): string[];
  /** Whether the handler serves event streams with a bus of its own when the options give none. */
  wantsOwnBus?(options: O): boolean;
  routes(frame: Frame, client: C, options: O): void;
}

/**
 * The one frame both handlers are: options read on the first request when given as a function,
 * the shared settings, a log that redacts every credential, the upstream, the token route, and the
 * router's CORS, bearer tokens and error answers. A handler is its {@link HandlerSpec}: what differs
 * is its route table.
 */
export function handlerFactory<O extends FrameOptions, C>(spec: HandlerSpec<O, C>) {
  return (options: OptionsOrLater<O>): ((request: Request) => Promise<Response>) => createLater(options, (resolved) => createNow(spec, resolved));
}

function createNow<O extends FrameOptions, C>(spec: HandlerSpec<O, C>, options: O): (request: Request) => Promise<Response> {
  spec.check(options);
  const { key, basePath, tokenTtl, allowedOrigins, fetch, upstreamTimeout, upstreamBodyLimit, authorizeTimeout, sink, streamLimit, heartbeatInterval } =
    sharedSettings(options, spec.caller, spec.defaultBasePath);
  let secrets: () => readonly string[] = () => [];
  const ownSecrets = spec.ownSecrets?.(options) ?? [];
  const log = redacting(sink, () => [...secrets(), ...ownSecrets]);
  const connected = spec.connect({ ...spec.upstream(options), fetch, timeout: upstreamTimeout, bodyLimit: upstreamBodyLimit, log }, options);
  secrets = connected.secrets;
  const bus = options.bus ?? (spec.wantsOwnBus?.(options) ? createMemoryBus() : undefined);

  const { binding } = spec;
  const router = createRouter({ basePath, allowedOrigins, verify: tokenVerifier(key, binding.claim, binding.isValid), log, scope: spec.scope });
  router.route(TOKEN_PATH, {
    POST: tokenRoute({
      binding,
      key,
      ttl: tokenTtl,
      authorizeTimeout,
      basePath,
      known: spec.permissions,
      log,
      authorize: (request, hint) => options.authorize(request, hint),
    }),
  });
  // Registered before the handler's own routes, so `events` is not taken for a connection's id.
  const streams = bus && createStreams({ bus, limit: streamLimit, heartbeat: heartbeatInterval, log });
  router.route(spec.eventsPath, {
    GET: router.operation('connections:read', async (c, claims) => {
      noOtherParams(new URL(c.req.url));
      // Without a bus there is nothing to stream. 204 is the event-stream answer for "do not
      // reconnect" (a 404 would be logged as an error in every page's console); the page falls
      // back to reading on its own.
      if (!streams) return c.body(null, 204);
      const topic = `${binding.subjectPrefix}:${claims.boundTo}` as Topic;
      return streams.stream({ topic, subject: claims.subject, expiresAt: claims.expiresAt, signal: c.req.raw.signal });
    }),
  });
  spec.routes(
    {
      bus,
      basePath,
      allowedOrigins,
      log,
      route: router.route,
      operation: router.operation,
      param(c, name, isValid, requirement) {
        const value = c.req.param(name) ?? '';
        if (!isValid(value)) throw invalid(name, `must be ${requirement}`);
        return value;
      },
      noQuery: (c) => noOtherParams(new URL(c.req.url)),
    },
    connected.client,
    options,
  );
  return router.fetch;
}
