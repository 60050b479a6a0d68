import { HandlerError } from '../errors.js';
import { described, exchange, rateLimitHeaders, refusedCredentials, type ForwardRequest, type Upstream } from '../proxy.js';
import { createAccessTokens, type IssuedToken } from './access-token.js';

export interface PlatformOptions {
  /** The platform's base URL, its name in errors, `fetch`, timeout and (redacting) log; without credentials. */
  upstream: Upstream;
  apiKey: string;
  clientId: string;
  clientSecret: string;
}

/** One call to the platform on behalf of one browser request. */
export type PlatformRequest = Omit<ForwardRequest, 'signal' | 'correlationId'>;
export interface CallContext {
  signal: AbortSignal;
  correlationId: string;
}

/**
 * The platform's API as the handler uses it: every call carries the API key and the OAuth access
 * token (fetched again once when the platform refuses it), and answers the JSON body of a 2xx
 * answer. Anything else throws a {@link HandlerError} of the handler's own: the platform's error
 * bodies and headers (but its rate-limit advice) never reach the browser.
 */
export function createPlatform(options: PlatformOptions) {
  const { upstream, apiKey } = options;
  const { log } = upstream;
  /** HTTP Basic client authentication (RFC 6749 2.3.1: each part form-encoded). */
  const clientAuthorization = `Basic ${btoa(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`)}`;

  const tokens = createAccessTokens(async (): Promise<IssuedToken> => {
    // Not tied to any one browser request: a request that goes away does not abort the fetch others wait for.
    const request: ForwardRequest = {
      method: 'POST',
      path: '/oauth/token',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
      correlationId: crypto.randomUUID(),
    };
    const result = await exchange({ ...upstream, headers: { 'X-Api-Key': apiKey, Authorization: clientAuthorization } }, request);
    const { status } = result.response;
    if (status === 400 || status === 401) {
      throw refusedCredentials(upstream, request, { name: 'client credentials', options: '`clientId` and `clientSecret` options' }, status);
    }
    const json = status === 200 ? parseJson(result.body) : undefined;
    const accessToken = isObject(json) ? json['access_token'] : undefined;
    const expiresIn = isObject(json) ? json['expires_in'] : undefined;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      log(`codat-connections-server: upstream answered ${status} without an access token for ${described(request)}`);
      throw new HandlerError(502, `${upstream.name} gave an unexpected answer`, { correlationId: request.correlationId });
    }
    return { accessToken, expiresIn };
  });

  /** Sends with the current access token; after a 401, once more with a fresh one. */
  async function send(request: ForwardRequest) {
    for (let attempt = 1; ; attempt += 1) {
      const token = await tokens.get();
      const result = await exchange({ ...upstream, headers: { 'X-Api-Key': apiKey, Authorization: `Bearer ${token}` } }, request);
      if (result.response.status !== 401) return result;
      tokens.refused(token);
      if (attempt === 2) throw refusedCredentials(upstream, request, { name: 'API key or access token', options: '`apiKey` option' });
    }
  }

  return {
    /** Every credential, as sent and as held now, for the log's redaction. */
    secrets: () => [apiKey, options.clientId, options.clientSecret, clientAuthorization.slice('Basic '.length), ...tokens.held()],
    /**
     * Answers `parse` of the platform's 2xx JSON answer. A 404 is the handler's `notFound`; another
     * error status is the handler's error of the same status; an answer `parse` refuses is a 502.
     */
    async call<T>(call: PlatformRequest, context: CallContext, parse: (json: unknown) => T | undefined, notFound = 'Not found'): Promise<T> {
      const request: ForwardRequest = { ...call, ...context };
      const { response, body } = await send(request);
      const { status } = response;
      const { correlationId } = context;
      if (status === 404) throw new HandlerError(404, notFound, { correlationId });
      if (status >= 400) {
        log(`codat-connections-server: upstream answered ${status} for ${described(request)}`);
        const headers = rateLimitHeaders(response.headers);
        const message = status >= 500 ? `${upstream.name} failed to answer` : `${upstream.name} refused the request`;
        throw new HandlerError(status <= 599 ? status : 502, message, { correlationId, headers });
      }
      const parsed = status >= 200 && status < 300 ? parse(parseJson(body)) : undefined;
      if (parsed === undefined) {
        log(`codat-connections-server: upstream answered ${status} with an unexpected body for ${described(request)}`);
        throw new HandlerError(502, `${upstream.name} gave an unexpected answer`, { correlationId });
      }
      return parsed;
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `application/x-www-form-urlencoded` encoding of one value. */
const formEncode = (text: string): string => new URLSearchParams({ v: text }).toString().slice(2);
