import { port } from './session.js';
// #region node-http
import { createServer } from 'node:http';
import { toNodeListener } from '@codat-connections/server/node';
import { codat } from './codat.js';

const listener = toNodeListener(codat);
const server = createServer((req, res) => {
  if (req.url?.startsWith('/api/codat/')) return void listener(req, res);
  res.writeHead(404).end(); // the app's own routes
});
// #endregion node-http
server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
