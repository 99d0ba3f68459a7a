import react from '@vitejs/plugin-react';
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
 * and vercel.json, and the built index.html carries the page's
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

export default defineConfig({
  base: './',
  plugins: [react(), pageCsp(), previewHeaders()],
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
