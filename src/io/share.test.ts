import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';

import { decodeShareHash, encodeShareHash, shareUrl } from './share.ts';
import { lzwBomb } from './test-bomb.ts';
import { everyKind, orderPipeline } from './test-graphs.ts';

describe('share links', () => {
  it('round-trips a graph through the hash', () => {
    for (const g of [orderPipeline(), everyKind()]) {
      const hash = encodeShareHash(g);
      expect(hash.startsWith('#g=')).toBe(true);
      expect(hash.slice(3)).toMatch(/^[A-Za-z0-9+\-$]+$/);
      const r = decodeShareHash(hash);
      expect(r?.ok).toBe(true);
      if (r?.ok) expect(r.graph).toEqual(g);
    }
  });

  it('reads the hash without "#", among other parameters, and percent-encoded', () => {
    const g = orderPipeline();
    const data = encodeShareHash(g).slice(3);
    for (const hash of [`g=${data}`, `#view=1&g=${data}&x=2`, `#g=${encodeURIComponent(data)}`]) {
      const r = decodeShareHash(hash);
      expect(r?.ok).toBe(true);
      if (r?.ok) expect(r.graph).toEqual(g);
    }
  });

  it('returns undefined when the hash carries no graph', () => {
    for (const hash of ['', '#', '#view=1', '#gg=abc', 'g'])
      expect(decodeShareHash(hash)).toBeUndefined();
  });

  it('reports a corrupted or truncated link as an error instead of throwing', () => {
    const hash = encodeShareHash(orderPipeline());
    for (const bad of [
      '#g=',
      hash.slice(0, Math.floor(hash.length / 2)),
      `${hash.slice(0, 20)}!!!${hash.slice(23)}`,
      '#g=%E0%A4%A',
      '#g=@@@@',
    ]) {
      const r = decodeShareHash(bad);
      expect(r?.ok).toBe(false);
      if (r !== undefined && !r.ok) expect(r.errors[0]!.path).toBe('');
    }
  });

  it('refuses a link that expands past the document limit, with the limit in the sentence', () => {
    const r = decodeShareHash(`#g=${lzwBomb(141_000)}`);
    expect(r?.ok).toBe(false);
    if (r !== undefined && !r.ok) {
      expect(r.errors[0]!.message).toBe(
        "the link's graph expands to more than 33,554,432 characters, the largest document Flowbench opens; ask for a new link",
      );
    }
    const small = decodeShareHash(encodeShareHash(everyKind()), 100);
    expect(small?.ok).toBe(false);
  });

  it('passes on validation errors when the link decodes to an invalid graph', () => {
    const text = JSON.stringify({ format: 'flowbench/graph', version: 1, nodes: [{ id: 'a' }] });
    const r = decodeShareHash(`#g=${LZString.compressToEncodedURIComponent(text)}`);
    expect(r?.ok).toBe(false);
    if (r !== undefined && !r.ok) expect(r.errors[0]!.path).toBe('nodes[0].kind');
  });

  it('builds a URL from the page address, replacing any hash it had', () => {
    const g = orderPipeline();
    expect(shareUrl('https://flowbench.dev/app?x=1#g=old', g)).toBe(
      `https://flowbench.dev/app?x=1${encodeShareHash(g)}`,
    );
    expect(shareUrl('http://localhost:5173/', g).startsWith('http://localhost:5173/#g=')).toBe(
      true,
    );
  });
});
