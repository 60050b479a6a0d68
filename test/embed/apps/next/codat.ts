import { createConnectionsHandler } from '@codat-connections/server';

// The options are a function, read on the first request: `next build` needs no secrets.
const options = (basePath: string) => () => ({
  apiKey: process.env.CODAT_API_KEY!,
  secret: process.env.CONNECTIONS_TOKEN_SECRET!,
  upstream: process.env.CODAT_UPSTREAM,
  basePath,
  // A test app: every visitor manages the company its environment names. A portal reads its own
  // session here, e.g. `sessionUser(request.headers.get('cookie'))`.
  authorize: async () => ({ companyId: process.env.CODAT_COMPANY_ID! }),
});

export const codat = createConnectionsHandler(options('/api/codat'));
/** The same backend as a Pages Router API route (pages/api/pages-codat/[...path].ts). */
export const codatForPages = createConnectionsHandler(options('/api/pages-codat'));
