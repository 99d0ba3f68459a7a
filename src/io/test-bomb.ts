/**
 * Test support: an lz-string "bomb" built directly as a code stream (running
 * lz-string's compressor on 10¹⁰ characters is not an option). The stream is
 * what lz-string writes for `'a'.repeat(n)`: the literal `a`, then codes
 * 4, 5, 6 …, each one phrase longer than the last, with lz-string's bit widths.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/** Characters the bomb with `codes` phrase codes expands to. */
export function lzwBombLength(codes: number): number {
  // 'a' + phrases of length 2 … codes + 1.
  return 1 + ((codes + 1) * (codes + 2)) / 2 - 1;
}

/** The URI-safe lz-string text of the bomb with `codes` phrase codes. */
export function lzwBomb(codes: number): string {
  const out: string[] = [];
  let val = 0;
  let pos = 0;
  const bit = (b: number) => {
    val = (val << 1) | b;
    if (pos === 5) {
      out.push(ALPHABET[val]!);
      val = 0;
      pos = 0;
    } else pos++;
  };
  const write = (value: number, bits: number) => {
    for (let i = 0; i < bits; i++, value >>= 1) bit(value & 1);
  };
  let numBits = 2;
  let enlargeIn = 2;
  const tick = () => {
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  };
  write(0, numBits); // a new 8-bit character …
  write(97, 8); // … 'a'
  tick();
  tick();
  for (let code = 4; code < codes + 4; code++) {
    write(code, numBits);
    tick();
  }
  write(2, numBits); // end of stream
  for (;;) {
    val <<= 1;
    if (pos === 5) {
      out.push(ALPHABET[val]!);
      break;
    }
    pos++;
  }
  return out.join('');
}
