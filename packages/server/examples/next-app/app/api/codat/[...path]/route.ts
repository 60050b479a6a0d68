// #region next-app
// app/api/codat/[...path]/route.ts
import { codat } from '@/codat'; // the module above, at the app's root

export { codat as GET, codat as POST, codat as PATCH, codat as DELETE, codat as OPTIONS };
// #endregion next-app
