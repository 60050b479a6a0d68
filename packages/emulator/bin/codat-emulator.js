#!/usr/bin/env node
// The codat-emulator command. It is a committed file rather than dist/cli.js itself because npm
// links a package's commands at install time and skips one whose file does not exist yet, which
// dist/cli.js does not before the first `npm run build` in a fresh checkout.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('codat-emulator: the emulator is not built (dist/cli.js is missing); run `npm run build` first.');
  process.exit(1);
}
await import(cli.href);
