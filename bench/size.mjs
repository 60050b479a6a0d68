// Size budgets beside their targets (measured by scripts/sizes.mjs, enforced by test/size.test.ts
// and scripts/check-size.mjs).
import { measureSizes } from '../scripts/sizes.mjs';

export default measureSizes;
