import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where Codat's OpenAPI description is read from: `CODAT_OPENAPI`, else `../shared` beside the checkout. */
export const specPath = process.env.CODAT_OPENAPI ?? fileURLToPath(new URL('../../../shared/codat-openapi/Codat-Platform.json', import.meta.url));

/** Why contract tests are skipped, or `false` when the description is there. */
export const specMissing: string | false = existsSync(specPath)
  ? false
  : `Codat's OpenAPI description is not at ${specPath}; set CODAT_OPENAPI to its path to run the contract tests.`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

let spec: Json;
/** Codat's OpenAPI description, parsed once. */
export function loadSpec(): Json {
  spec ??= JSON.parse(readFileSync(specPath, 'utf8'));
  return spec;
}

/** Resolves a local JSON pointer such as `#/components/schemas/Connection`. */
export function resolvePointer(pointer: string): Json {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')))
    .reduce((node, key) => node?.[key], loadSpec());
}
