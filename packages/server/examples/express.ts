import { port } from './session.js';
// #region express
import express from 'express';
import { toNodeListener } from '@codat-connections/server/node';
import { codat } from './codat.js';

const app = express();
app.use(express.json()); // the app's own parser may come first: the handler reads what it left
// The whole path: app.use('/api/codat', ...) would strip the prefix the handler routes on.
app.all('/api/codat/*splat', toNodeListener(codat)); // Express 4: '/api/codat/*'
// #endregion express
app.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
