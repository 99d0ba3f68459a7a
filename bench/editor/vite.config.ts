/**
 * Vite config for bench:editor only: the app (index.html) and the bare React
 * Flow reference page (bench/editor/reference.html) in one build, served by
 * `vite preview` with the app's cross-origin isolation headers. The app's own
 * build (vite.config.ts at the root) never includes the reference.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, mergeConfig } from 'vite';

import appConfig from '../../vite.config.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const benchOutDir = join(tmpdir(), 'flowbench-bench-editor');

export default mergeConfig(
  appConfig,
  defineConfig({
    root: repoRoot,
    logLevel: 'warn',
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
