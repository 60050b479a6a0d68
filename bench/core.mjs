#!/usr/bin/env node
// Figures for the core client: how many token requests 100 concurrent operations cause (one
// in-flight token request is shared), against a local server over loopback HTTP.
// The core's size rows belong to bench/size.mjs (so `npm run bench` lists them once);
// `node bench/core.mjs` prints them here too, beside the token figure.
import { createConnectionsClient } from '@codat-connections/core';
import { listen } from './_listen.mjs';

const COMPANY = '6b0d2c44-f675-40ba-8049-353bfcb5e171';
const CONCURRENT = 100;

export default async function benchCore() {
  let tokenRequests = 0;
  let operations = 0;
  const page = { pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: {}, current: {} }, results: [] };
  const server = await listen(async (request) => {
    if (new URL(request.url).pathname === '/token') {
      tokenRequests += 1;
      // A token endpoint that takes a moment, as a real one does.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return Response.json({ accessToken: `token-${tokenRequests}`, expiresIn: 600, companyId: COMPANY, baseUrl: server.url });
    }
    operations += 1;
    return Response.json(page);
  });
  try {
    const client = createConnectionsClient({ token: `${server.url}/token` });
    await Promise.all(Array.from({ length: CONCURRENT }, () => client.list()));
    if (operations !== CONCURRENT) throw new Error(`${operations} of ${CONCURRENT} operations reached the server`);
    return [{ name: `token requests for ${CONCURRENT} concurrent list() calls`, value: tokenRequests, unit: 'requests', target: 1 }];
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { measureSizes } = await import('../scripts/sizes.mjs');
  const sizes = (await measureSizes()).filter((row) => row.name.startsWith('core '));
  console.table([...sizes, ...(await benchCore())]);
}
