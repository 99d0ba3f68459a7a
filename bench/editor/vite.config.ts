/**
 * Vite config for bench:editor only: the app (index.html) and the bare React
 * Flow reference page (bench/editor/reference.html) in one build, served by
 * `vite preview` with the app's cross-origin isolation headers. The app's own
 * build (vite.config.ts at the root) never includes the reference.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readFileSync } from 'node:fs';

import { defineConfig, mergeConfig, type Plugin } from 'vite';

import { LARGE_FIXTURES } from '../../scripts/gen-large-graph.ts';

import appConfig from '../../vite.config.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const benchOutDir = join(tmpdir(), 'flowbench-bench-editor');

/** The large bench fixtures, served as examples/large-N.json in this build only. */
function benchFixtures(): Plugin {
  return {
    name: 'flowbench-bench-fixtures',
    generateBundle() {
      for (const file of Object.keys(LARGE_FIXTURES))
        this.emitFile({
          type: 'asset',
          fileName: `examples/${file}`,
          source: readFileSync(join(repoRoot, 'bench/fixtures', file)),
        });
    },
  };
}

export default mergeConfig(
  appConfig,
  defineConfig({
    root: repoRoot,
    logLevel: 'warn',
    plugins: [benchFixtures()],
    build: {
      outDir: benchOutDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: process.env.BENCH_MINIFY !== '0',
      rollupOptions: {
        input: {
          app: join(repoRoot, 'index.html'),
          reference: join(repoRoot, 'bench/editor/reference.html'),
        },
      },
    },
  }),
);
