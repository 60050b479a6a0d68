// #region next-pages
// pages/api/codat/[...path].ts
import { toNodeListener } from '@codat-connections/server/node';
import { codat } from '@/codat';

// Next's body parser may stay on: the handler reads the body it parsed.
export default toNodeListener(codat);
// #endregion next-pages
