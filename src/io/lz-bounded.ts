/**
 * A bounded decoder for lz-string's URI-safe format (what
 * `LZString.compressToEncodedURIComponent` writes). lz-string's own decoder
 * builds its whole output before returning, and a link of a few hundred
 * kilobytes can expand to 10¹⁰ characters (an LZW "bomb": each code repeats
 * the previous phrase plus one character), which crashes a tab. This one
 * stops as soon as the output passes `maxChars`, so time and memory are
 * bounded by the limit, whatever the input.
 *
 * The algorithm is lz-string's (MIT, pieroxy/lz-string `_decompress`), read
 * with 6-bit symbols of the URI-safe alphabet.
 *
 * Pure: no DOM. Never throws.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export type BoundedDecode =
  | { ok: true; text: string }
  | { ok: false; reason: 'damaged' }
  | { ok: false; reason: 'too-large'; maxChars: number };

/**
 * Decodes `input` (URI-safe lz-string), giving up once the text would pass
 * `maxChars` characters.
 * @returns the text; `damaged` for a truncated or corrupt input; `too-large`
 * as soon as the output passes the limit (without building the rest).
 */
export function decompressUriSafeBounded(input: string, maxChars: number): BoundedDecode {
  const damaged: BoundedDecode = { ok: false, reason: 'damaged' };
  if (input.length === 0) return damaged;
  // lz-string reads a space as `+` (a form-encoded link).
  const data = input.replace(/ /g, '+');
  const length = data.length;
  let index = 0;
  let val = 0;
  let position = 0;
  let bad = false;
  const nextSymbol = () => {
    const code = data.charCodeAt(index++);
    const v = code < 128 ? VALUE[code]! : -1;
    if (v < 0) bad = true;
    val = v < 0 ? 0 : v;
    position = 32;
  };
  const readBits = (n: number): number => {
    let bits = 0;
    for (let power = 1, i = 0; i < n; i++, power *= 2) {
      if (position === 0) {
        if (index >= length) {
          bad = true;
          return 0;
        }
        nextSymbol();
      }
      if ((val & position) !== 0) bits += power;
      position >>= 1;
    }
    return bits;
  };

  const dictionary: string[] = [];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  const result: string[] = [];

  const first = readBits(2);
  let w: string;
  if (first === 0) w = String.fromCharCode(readBits(8));
  else if (first === 1) w = String.fromCharCode(readBits(16));
  else return damaged; // 2 = end of stream at once: an empty text, never a link's
  if (bad) return damaged;
  dictionary[3] = w;
  result.push(w);
  let total = 1;

  for (;;) {
    if (index > length) return damaged;
    let c = readBits(numBits);
    if (bad) return damaged;
    if (c === 0 || c === 1) {
      dictionary[dictSize++] = String.fromCharCode(readBits(c === 0 ? 8 : 16));
      if (bad) return damaged;
      c = dictSize - 1;
      enlargeIn--;
    } else if (c === 2) {
      return { ok: true, text: result.join('') };
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    const known = dictionary[c];
    if (known !== undefined) entry = known;
    else if (c === dictSize) entry = w + w.charAt(0);
    else return damaged;
    total += entry.length;
    if (total > maxChars) return { ok: false, reason: 'too-large', maxChars };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
