/**
 * Bundles the headless runner for `npx flowbench` (no tsx at run time):
 * dist-cli/flowbench.js and its workers, dist-cli/engine.node-worker.js and
 * dist-cli/predict.node-worker.js.
 * Dependencies (comlink, zod) are bundled, so the folder runs on plain Node.
 */
import { build } from 'esbuild';

await build({
  entryPoints: {
    flowbench: 'src/cli/flowbench.ts',
    'engine.node-worker': 'src/host/node/engine.node-worker.ts',
    'predict.node-worker': 'src/host/node/predict.node-worker.ts',
  },
  outdir: 'dist-cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
console.log('built dist-cli/flowbench.js');
