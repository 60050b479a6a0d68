import { createConnectionsHandler } from '@codat-connections/server';

// Created on the first request, so that `next build` needs no secrets in its environment.
let codat: ((request: Request) => Promise<Response>) | undefined;

function handler(request: Request): Promise<Response> {
  codat ??= createConnectionsHandler({
    apiKey: process.env.CODAT_API_KEY!,
    secret: process.env.CONNECTIONS_TOKEN_SECRET!,
    upstream: process.env.CODAT_UPSTREAM,
    // A test app: every visitor manages the company named in its environment. A portal reads its
    // own session here, e.g. `sessionUser(request.headers.get('cookie'))`.
    authorize: async () => ({ companyId: process.env.CODAT_COMPANY_ID! }),
  });
  return codat(request);
}

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as OPTIONS };
