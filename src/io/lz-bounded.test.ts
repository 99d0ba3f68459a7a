import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';

import { decompressUriSafeBounded } from './lz-bounded.ts';
import { lzwBomb, lzwBombLength } from './test-bomb.ts';

describe('bounded lz-string decoder', () => {
  it('decodes whatever lz-string encodes, exactly as lz-string does (seeded)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        fc.pre(text.length > 0);
        const data = LZString.compressToEncodedURIComponent(text);
        expect(decompressUriSafeBounded(data, 1e9)).toEqual({ ok: true, text });
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('reads the crafted bomb the way lz-string does (the generator is right)', () => {
    const data = lzwBomb(200);
    const text = LZString.decompressFromEncodedURIComponent(data);
    expect(text).toBe('a'.repeat(lzwBombLength(200)));
    expect(decompressUriSafeBounded(data, 1e9)).toEqual({ ok: true, text });
  });

  it('stops a link that expands to 10¹⁰ characters at the limit, in bounded time', () => {
    const data = lzwBomb(141_000);
    expect(data.length).toBeLessThan(400_000);
    expect(lzwBombLength(141_000)).toBeGreaterThan(9.9e9);
    const started = performance.now();
    const r = decompressUriSafeBounded(data, 32 * 1024 * 1024);
    // Unbounded, this is minutes of work and gigabytes; bounded, a fraction of a second.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r).toEqual({ ok: false, reason: 'too-large', maxChars: 32 * 1024 * 1024 });
  });

  it('calls a truncated, re-lettered or empty input damaged', () => {
    const data = LZString.compressToEncodedURIComponent('{"format":"flowbench/graph"}');
    for (const bad of [data.slice(0, data.length - 3), `${data.slice(0, 4)}!${data.slice(5)}`, ''])
      expect(decompressUriSafeBounded(bad, 1e9)).toEqual({ ok: false, reason: 'damaged' });
  });
});
