import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { netlifyHeaders, PAGE_CSP, vercelJson, WORKER_CSP } from '../../scripts/http-headers.ts';

describe('headers for static hosts', () => {
  it('public/_headers and vercel.json (repository root) are what `npm run headers` writes', () => {
    expect(readFileSync('public/_headers', 'utf8')).toBe(netlifyHeaders());
    expect(JSON.parse(readFileSync('vercel.json', 'utf8'))).toEqual(JSON.parse(vercelJson()));
    // Not in public/: it would land in dist/, where a repository deploy does not read it.
    expect(existsSync('public/vercel.json')).toBe(false);
  });

  it('allows eval only in worker scripts, and fetches only from the site everywhere', () => {
    expect(PAGE_CSP).not.toContain('unsafe-eval');
    expect(PAGE_CSP).not.toContain('unsafe-inline');
    expect(WORKER_CSP).toContain("script-src 'self' 'unsafe-eval'");
    for (const policy of [PAGE_CSP, WORKER_CSP]) expect(policy).toContain("connect-src 'self'");
  });
});
