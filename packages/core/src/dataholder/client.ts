import { createSend } from '../http.js';
import { failure } from '../errors.js';
import { createRequest } from '../request.js';
import { createTokenSource, type HeldGrant } from '../token.js';
import type { Operation } from '../types.js';
import { check, checkInteger, isText } from '../validate.js';
import type {
  Dataholder,
  DataholderClient,
  DataholderClientOptions,
  DataholderConnection,
  DataholderConsent,
  DataholderConsentRequest,
  DataholderGrant,
} from './types.js';

/** A response body before it is checked. */
type Unchecked = { readonly [field: string]: unknown } | null | undefined;

const isConnection = (value: unknown): value is DataholderConnection => {
  const body = value as Unchecked;
  return isText(body?.id) && typeof body.status === 'string' && typeof body.dataholder === 'string';
};

function checked<T>(operation: Operation, body: T, valid: boolean, what: string): T {
  if (!valid) throw failure('invalid_response', operation, `the response is not ${what}`);
  return body;
}

/** A `{ results: [...] }` page's results; each entry is checked by the source that shows it. */
function results<T>(operation: Operation, body: Unchecked, what: string): T[] {
  return checked(operation, body?.results as T[], Array.isArray(body?.results), what);
}

/** An id put in a path: text, and escaped there. */
function idPath(operation: Operation, id: string): string {
  check(operation, 'connectionId', id, isText(id), 'a non-empty string');
  return `/connections/${encodeURIComponent(id)}`;
}

/** Creates a client for one user's dataholder connections, through the partner's backend; see the package README. */
export function createDataholderClient(options: DataholderClientOptions): DataholderClient {
  const { token, userId: hint, baseUrl, fetch, timeout = 30_000, retry = 2 } = options;
  check('token', 'token', token, typeof token === 'function' || isText(token), 'a URL or a function returning a grant');
  checkInteger('token', 'retry', retry, 0, 10);
  const send = createSend(fetch, timeout);
  let grant: HeldGrant<DataholderGrant> | undefined;
  const request = createRequest<DataholderGrant>({
    tokens: createTokenSource<DataholderGrant>(token, hint, send, timeout, 'userId'),
    send,
    baseUrl,
    retry,
    backoff: 500,
    methods: { disconnect: 'POST', consent: 'POST' },
    resolve: (path) => path,
    granted: (held) => (grant = held),
  });
  const connection = (operation: Operation, body: unknown, id?: string) => {
    const valid = isConnection(body) && (id === undefined || body.id === id);
    return checked(operation, body as DataholderConnection, valid, id === undefined ? 'a connection' : `connection ${id}`);
  };

  return {
    get userId() {
      return grant?.userId;
    },
    get permissions() {
      return grant?.permissions;
    },
    list: async ({ signal } = {}) => results<DataholderConnection>('list', await request('list', '/connections', { signal }), 'a list of connections'),
    get: async (id, { signal } = {}) => connection('get', await request('get', idPath('get', id), { signal }), id),
    disconnect: async (id, { signal } = {}) => connection('disconnect', await request('disconnect', `${idPath('disconnect', id)}/disconnect`, { signal }), id),
    async consent(target: DataholderConsentRequest, { signal } = {}) {
      const named = 'connectionId' in target ? { connectionId: target.connectionId } : { dataholder: target.dataholder };
      const [name, value] = Object.entries(named)[0]!;
      check('consent', name, value, isText(value), 'a non-empty string');
      const body = target.returnTo === undefined ? named : { ...named, returnTo: target.returnTo };
      const answer = await request<Unchecked>('consent', '/consents', { body, signal });
      const forConnection = 'connectionId' in target ? target.connectionId : undefined;
      connection('consent', answer?.connection, forConnection);
      return checked('consent', answer as unknown as DataholderConsent, isText(answer?.url), 'a consent with a url');
    },
    dataholders: async ({ signal } = {}) =>
      results<Dataholder>('dataholders', await request('dataholders', '/dataholders', { signal }), 'a list of dataholders'),
  };
}
