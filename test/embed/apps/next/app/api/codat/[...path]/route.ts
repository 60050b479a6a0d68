import { codat } from '@/codat';

export { codat as GET, codat as POST, codat as PATCH, codat as DELETE, codat as OPTIONS };
