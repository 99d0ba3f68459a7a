/**
 * The HTTP headers Flowbench is served with: one source for `vite` (dev),
 * `vite preview` (and the e2e suite), and the files static hosts read
 * (public/_headers for Netlify and Cloudflare Pages, which the build copies
 * into dist/; vercel.json at the repository root, where Vercel reads it),
 * which `npm run headers` writes from here (a test fails while they are stale).
 *
 * - Cross-origin isolation (COOP/COEP/CORP): SharedArrayBuffer needs it.
 * - Containment: nosniff, no referrer, no framing (X-Frame-Options and
 *   CSP frame-ancestors on every response).
 * - The page's Content-Security-Policy is a <meta> tag in the built
 *   index.html (PAGE_CSP): scripts, workers, fetches only from the site; no
 *   eval on the page.
 * - Worker scripts (the build puts them under workers/) get WORKER_CSP: they
 *   compile approved Function code (`new Function`, so 'unsafe-eval'), and
 *   may fetch only from the site, so graph code cannot send data elsewhere.
 */

/** Where the build puts worker scripts (vite.config.ts), relative to the site root. */
export const WORKER_DIR = 'workers';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** Every response. */
export const COMMON_HEADERS = {
  ...ISOLATION_HEADERS,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
} as const;

/** The page's policy (a <meta> tag: frame-ancestors comes with the headers). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Worker scripts: approved Function code is compiled there; fetches stay on the site. */
export const WORKER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "connect-src 'self'",
  "object-src 'none'",
].join('; ');

/** The extra headers of a worker script. */
export const WORKER_HEADERS = { 'Content-Security-Policy': WORKER_CSP } as const;

/** public/_headers (Netlify, Cloudflare Pages): later rules add to earlier ones. */
export function netlifyHeaders(): string {
  const block = (path: string, headers: Record<string, string>) =>
    [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  return `${[
    block('/*', COMMON_HEADERS),
    block(`/${WORKER_DIR}/*`, WORKER_HEADERS),
    block(`/*/${WORKER_DIR}/*`, WORKER_HEADERS),
  ].join('\n')}\n`;
}

/**
 * vercel.json at the repository root: a deploy from the repository reads it
 * there (not from dist/). It also names the build (the site only, not the
 * CLI bundle) and its output folder.
 */
export function vercelJson(): string {
  const entries = (h: Record<string, string>) =>
    Object.entries(h).map(([key, value]) => ({ key, value }));
  return `${JSON.stringify(
    {
      buildCommand: 'npx vite build',
      outputDirectory: 'dist',
      headers: [
        { source: '/(.*)', headers: entries(COMMON_HEADERS) },
        { source: `/(.*)${WORKER_DIR}/(.*)`, headers: entries(WORKER_HEADERS) },
      ],
    },
    null,
    2,
  )}\n`;
}
