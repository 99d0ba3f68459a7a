import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

import {
  COMMON_HEADERS,
  ISOLATION_HEADERS,
  PAGE_CSP,
  WORKER_DIR,
  WORKER_HEADERS,
} from './scripts/http-headers.ts';

/**
 * Headers (see scripts/http-headers.ts): `vite` (dev) sends the isolation
 * headers only (its hot reload injects inline scripts a strict policy would
 * block); `vite preview` sends what static hosts send from public/_headers
 * and vercel.json (see scripts/http-headers.ts), and the built index.html carries the page's
 * Content-Security-Policy.
 */
export const isolationHeaders = ISOLATION_HEADERS;

/** The page policy as a <meta> tag, in built pages only. */
function pageCsp(): Plugin {
  return {
    name: 'flowbench-page-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `vite preview` sends what static hosts send: the common headers on every
 * response, and on worker scripts their own policy as well (two policies,
 * both enforced, as a host that appends header values serves them).
 */
function previewHeaders(): Plugin {
  return {
    name: 'flowbench-preview-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
        if ((req.url ?? '').includes(`/${WORKER_DIR}/`)) {
          for (const [k, v] of Object.entries(WORKER_HEADERS))
            res.setHeader(k, [String(res.getHeader(k) ?? ''), v].filter(Boolean));
        }
        next();
      });
    },
  };
}

/** Files under `dir`, relative to it, with forward slashes. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Public files the site never fetches (static-host configuration). */
const NOT_PRECACHED = new Set(['_headers']);

/**
 * Builds src/sw/sw.ts into dist/sw.js with this build's file list and
 * version written in, so a visit caches exactly this build (offline use) and
 * a new build is a new cache (see src/sw/sw.ts).
 */
function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'flowbench-sw',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const files = [
        ...Object.keys(bundle),
        ...(publicDir === '' ? [] : filesUnder(publicDir)).filter((f) => !NOT_PRECACHED.has(f)),
      ]
        .filter((f) => !f.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const f of files) {
        hash.update(f);
        const chunk = bundle[f];
        if (chunk?.type === 'asset') hash.update(chunk.source);
        else if (chunk?.type === 'chunk') hash.update(chunk.code);
      }
      const version = hash.digest('hex').slice(0, 16);
      const result = await esbuild({
        entryPoints: ['src/sw/sw.ts'],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2022',
        minify: true,
        define: {
          __FLOWBENCH_PRECACHE__: JSON.stringify(['./', ...files]),
          __FLOWBENCH_VERSION__: JSON.stringify(version),
          __FLOWBENCH_HEADERS__: JSON.stringify(COMMON_HEADERS),
          __FLOWBENCH_WORKER_HEADERS__: JSON.stringify(WORKER_HEADERS),
          __FLOWBENCH_WORKER_DIR__: JSON.stringify(WORKER_DIR),
        },
      });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: result.outputFiles[0]!.text });
    },
  };
}

/**
 * The README's "Publish" section, which the notice of a page without
 * SharedArrayBuffer links to: FLOWBENCH_PUBLISH_URL when set, else the
 * repository a GitHub Actions build (the Pages workflow) runs for, else
 * nothing (the notice names the section without a link).
 */
export function publishUrl(env: Record<string, string | undefined> = process.env): string {
  if (env.FLOWBENCH_PUBLISH_URL) return env.FLOWBENCH_PUBLISH_URL;
  if (env.GITHUB_REPOSITORY)
    return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}#publish`;
  return '';
}

export default defineConfig({
  base: './',
  define: { __FLOWBENCH_PUBLISH_URL__: JSON.stringify(publishUrl()) },
  plugins: [react(), pageCsp(), previewHeaders(), serviceWorker()],
  server: { headers: ISOLATION_HEADERS },
  worker: {
    format: 'es',
    rollupOptions: {
      output: {
        entryFileNames: `${WORKER_DIR}/[name]-[hash].js`,
        chunkFileNames: `${WORKER_DIR}/[name]-[hash].js`,
      },
    },
  },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
