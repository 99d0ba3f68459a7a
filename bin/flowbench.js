#!/usr/bin/env node
// `npx flowbench`: runs the bundled CLI (npm run build:cli) when present,
// else the TypeScript sources through tsx (a dev install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = new URL('../dist-cli/flowbench.js', import.meta.url);
let main;
if (existsSync(fileURLToPath(bundled))) {
  ({ main } = await import(bundled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../src/cli/flowbench.ts', import.meta.url).href));
}
process.exit(await main(process.argv.slice(2)));
