/**
 * A plain static file server, as GitHub Pages serves a site: files from a
 * folder under a sub-path, with content types and nothing else (no COOP,
 * COEP or CSP headers). The e2e suite serves dist/ with it to prove the
 * built site works on such a host.
 *
 *   npx tsx scripts/static-server.ts [--dir dist] [--prefix /flowbench/] [--port 4318]
 *
 * Test hook: `POST <prefix>__test/new-build` makes it serve sw.js as if a new
 * build had been published (the build version in it changed), `POST
 * <prefix>__test/reset` undoes that; the e2e suite checks updates with it.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const dir = resolve(opt('--dir', 'dist'));
const prefix = opt('--prefix', '/flowbench/');
const port = Number(opt('--port', '4318'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Serve sw.js with its build version changed (a "new build"), for the update test. */
let newBuild = false;

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST' && url.pathname.startsWith(`${prefix}__test/`)) {
    newBuild = url.pathname.endsWith('/new-build');
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === prefix.replace(/\/$/, '')) {
    res.writeHead(301, { Location: prefix });
    res.end();
    return;
  }
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end('not found');
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404).end('not found');
    return;
  }
  const headers = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  };
  if (newBuild && rel === 'sw.js') {
    // Every use of the build version (the cache name embeds it too) becomes another one.
    const text = readFileSync(file, 'utf8');
    const version = /"([0-9a-f]{16})"/.exec(text)?.[1] ?? 'no-version';
    res.writeHead(200, headers).end(text.split(version).join('0000000000000000'));
    return;
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => {
  console.log(`serving ${dir} at http://127.0.0.1:${port}${prefix} (no special headers)`);
});
