import { toNodeListener } from '@codat-connections/server/node';
import { codatForPages } from '@/codat';

// Next's body parser may stay on: the handler reads the body it parsed.
export default toNodeListener(codatForPages);
