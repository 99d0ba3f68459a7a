/**
 * Graphs in links: `#g=<lz-string of the exported JSON>`.
 *
 * Contract: pure (no DOM: the caller passes `location.href` / `location.hash`);
 * decoding never throws, whatever the hash.
 */
import LZString from 'lz-string';

import { type Graph, MAX_DOCUMENT_CHARS } from '../graph/index.ts';
import { exportGraphJson } from './export.ts';
import { type ImportResult, importGraphText } from './import.ts';
import { decompressUriSafeBounded } from './lz-bounded.ts';

/** The hash parameter that carries a graph. */
export const SHARE_PARAM = 'g';
/** Longest `g` value read; browsers cap URLs near 2 MB. */
export const MAX_SHARE_CHARS = 2_000_000;

/**
 * The URL hash that carries `graph`, starting with `#g=`. Its characters are
 * URL-safe (A–Z a–z 0–9 + - $), so it needs no further escaping.
 */
export function encodeShareHash(graph: Graph): string {
  return `#${SHARE_PARAM}=${LZString.compressToEncodedURIComponent(exportGraphJson(graph))}`;
}

/** `baseHref` (its own hash dropped) followed by the graph's hash. */
export function shareUrl(baseHref: string, graph: Graph): string {
  const hashAt = baseHref.indexOf('#');
  return `${hashAt === -1 ? baseHref : baseHref.slice(0, hashAt)}${encodeShareHash(graph)}`;
}

/** The raw `g` value from a hash such as `#g=…` or `#view=1&g=…`, or undefined. */
function shareParam(hash: string): string | undefined {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    // Not URLSearchParams: it would turn the lz-string alphabet's `+` into a space.
    if (eq !== -1 && part.slice(0, eq) === SHARE_PARAM) return part.slice(eq + 1);
  }
  return undefined;
}

/**
 * Reads a graph from a URL hash (with or without the leading `#`). The
 * decompression stops as soon as the text passes `maxChars` (the document
 * limit), so a hostile link costs bounded time and memory.
 * @returns undefined when the hash carries no graph; otherwise the import
 * result, with an error for a truncated, corrupt or too large link. Never throws.
 */
export function decodeShareHash(
  hash: string,
  maxChars: number = MAX_DOCUMENT_CHARS,
): ImportResult | undefined {
  if (typeof hash !== 'string') return undefined;
  let data = shareParam(hash);
  if (data === undefined) return undefined;
  const corrupt = (detail: string): ImportResult => ({
    ok: false,
    errors: [{ path: '', message: `the link's graph ${detail}; ask for a new link` }],
  });
  if (data === '') return corrupt('is empty');
  if (data.length > MAX_SHARE_CHARS) {
    return corrupt(`is too long (${data.length} characters; the limit is ${MAX_SHARE_CHARS})`);
  }
  if (data.includes('%')) {
    // Some chat apps and mail clients percent-encode `$` and `+`.
    try {
      data = decodeURIComponent(data);
    } catch {
      return corrupt('is not correctly escaped');
    }
  }
  const decoded = decompressUriSafeBounded(data, maxChars);
  if (!decoded.ok) {
    return decoded.reason === 'too-large'
      ? corrupt(
          `expands to more than ${decoded.maxChars.toLocaleString('en')} characters, the largest document Flowbench opens`,
        )
      : corrupt('is damaged (it may have been cut short)');
  }
  const text = decoded.text;
  const result = importGraphText(text);
  if (!result.ok && result.errors[0]?.message.startsWith('is not valid JSON')) {
    return corrupt('is damaged (it may have been cut short)');
  }
  return result;
}
