// The dataholder model's one contract, contracts/dataholder.openapi.json, as validators (see
// openapi.ts). It is in this repository: the tests that use it never skip.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApi } from './openapi.js';
import type { Json } from './spec.js';

export const contractPath = fileURLToPath(new URL('../../contracts/dataholder.openapi.json', import.meta.url));

let contract: Json;
/** The contract document, parsed once. */
export function loadContract(): Json {
  contract ??= JSON.parse(readFileSync(contractPath, 'utf8'));
  return contract;
}

export const dataholderContract = openApi({
  id: 'https://codat-connections.dev/contracts/dataholder.openapi.json',
  load: loadContract,
  errorSchema: '#/components/schemas/ErrorMessage',
});
