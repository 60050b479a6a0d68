// The handler, as each of the mounts beside this file uses it. The options are a function, so they
// are read on the first request: a build that imports this module needs no secrets.
// #region handler
import { createConnectionsHandler } from '@codat-connections/server';
import { sessionUser } from './session.js'; // your own session lookup

export const codat = createConnectionsHandler(() => ({
  apiKey: process.env.CODAT_API_KEY!,
  secret: process.env.CONNECTIONS_TOKEN_SECRET!, // 32 bytes or more
  upstream: process.env.CODAT_UPSTREAM, // unset: Codat's API; or the emulator's URL in development
  // Which company may the signed-in user manage? null refuses.
  authorize: async (request) => {
    const user = await sessionUser(request.headers.get('cookie'));
    return user ? { companyId: user.codatCompanyId, subject: user.id } : null;
  },
}));
// #endregion handler
