import { publicOrigin } from './cors.js';
import { baseHeaders, HandlerError, invalid } from './errors.js';
import type { RouteHandler } from './router.js';
import { issueToken, type BindingClaim, type SigningKey } from './token.js';
import type { Permission } from './types.js';
import { checkObject, readJsonBody } from './validation.js';

/** What a handler's tokens are bound to, and how its token route names and checks it. */
export interface Binding {
  claim: BindingClaim;
  /** The name of the hint in the request body and of the id in `authorize`'s answer and the grant. */
  field: 'companyId' | 'userId';
  isValid: (id: string) => boolean;
  /** What a valid id is, for errors: "a UUID". */
  requirement: string;
  /** The JWT `sub` when `authorize` names none is `{subjectPrefix}:{id}`. */
  subjectPrefix: string;
  /** The 401 message when `authorize` refuses. */
  refusal: string;
}

/** What `authorize` answers: the bound id under the binding's field (`companyId`, `userId`), and perhaps a subject and permissions. */
export interface Grant {
  subject?: string;
  permissions?: Permission[];
}

export interface TokenRouteOptions {
  binding: Binding;
  key: SigningKey;
  ttl: number;
  /** Milliseconds `authorize` may take before the token route answers 504. */
  authorizeTimeout: number;
  basePath: string;
  /** The permissions the handler's tokens may carry. */
  known: readonly Permission[];
  log: (line: string) => void;
  /** The handler's `authorize` option: given the hint under the binding's field. */
  authorize: (request: Request, hint: { [field: string]: string }) => Promise<Grant | null>;
}

/**
 * `POST {basePath}/token`: asks `authorize`, from the page's own session, what the caller may reach,
 * and answers a short-lived token bound to it. The `X-Requested-With` header cannot be sent
 * cross-site without a preflight, which only allowed origins pass.
 */
export function tokenRoute(options: TokenRouteOptions): RouteHandler {
  const { binding, log } = options;
  return async (c) => {
    const request = c.req.raw;
    if (request.headers.get('X-Requested-With') !== 'codat-connections') {
      throw new HandlerError(403, 'Missing header X-Requested-With: codat-connections');
    }
    const hint = checkObject((await readJsonBody(request)) ?? {}, [binding.field], [])[binding.field];
    if (hint !== undefined && (typeof hint !== 'string' || !binding.isValid(hint))) throw invalid(binding.field, `must be ${binding.requirement}`);
    let grant;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, options.authorizeTimeout, 'late')));
    try {
      grant = await Promise.race([options.authorize(request, hint === undefined ? {} : { [binding.field]: hint }), late]);
    } catch (error) {
      // The cause's message is what tells a developer what broke (the log redacts the handler's secrets).
      log(`codat-connections-server: authorize threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      throw new HandlerError(500, 'Could not authorize the request');
    } finally {
      clearTimeout(timer);
    }
    if (grant === 'late') {
      // A session store that hangs must not hold the page's request (and a socket) for ever.
      log(`codat-connections-server: authorize did not answer within ${options.authorizeTimeout} ms (the authorizeTimeout option)`);
      throw new HandlerError(504, 'Could not authorize the request in time');
    }
    if (!grant) throw new HandlerError(401, binding.refusal);
    const id: unknown = (grant as Record<string, unknown>)[binding.field];
    if (typeof id !== 'string' || !binding.isValid(id)) {
      log(`codat-connections-server: authorize returned a ${binding.field} that is not ${binding.requirement}`);
      throw new HandlerError(500, 'Could not authorize the request');
    }
    const subject = grant.subject ?? `${binding.subjectPrefix}:${id}`;
    const { token, permissions } = await issueToken(
      options.key,
      { claim: binding.claim, id, subject, permissions: grant.permissions },
      options.ttl,
      options.known,
    );
    const answer = {
      accessToken: token,
      expiresIn: options.ttl,
      tokenType: 'Bearer',
      [binding.field]: id,
      baseUrl: `${publicOrigin(request)}${options.basePath}`,
      permissions,
    };
    return Response.json(answer, { headers: { ...baseHeaders, Pragma: 'no-cache' } });
  };
}
