import { port } from './session.js';
// #region hono
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { codat } from './codat.js';

const app = new Hono();
app.all('/api/codat/*', (c) => codat(c.req.raw));
// #endregion hono
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`listening on ${port}`));
