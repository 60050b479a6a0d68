import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

type Handler = (request: Request) => Response | Promise<Response>;
type NodeListener = Parameters<typeof createServer>[1];

export interface Listening {
  /** Origin of the server, e.g. `http://127.0.0.1:53121`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves a fetch-standard handler over real HTTP on a free loopback port, through `adapter`
 * (`@hono/node-server`'s listener unless a test gives the package's `toNodeListener`).
 */
export async function listen(handler: Handler, adapter?: (handler: (request: Request) => Promise<Response>) => NodeListener): Promise<Listening> {
  const server = createServer(adapter ? adapter(async (request) => handler(request)) : getRequestListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
