import { port } from './session.js';
// #region fastify
import Fastify from 'fastify';
import { toNodeListener } from '@codat-connections/server/node';
import { codat } from './codat.js';

const app = Fastify();
const listener = toNodeListener(codat);
await app.register(async (scope) => {
  // The handler reads and checks each body itself: Fastify's parsers stay out of its routes.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
  scope.all('/api/codat/*', (request, reply) => {
    reply.hijack();
    void listener(request.raw, reply.raw);
  });
});
// #endregion fastify
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${port}`);
