/**
 * Where JSON text goes wrong, for people: the line, the column, a short
 * reason and an excerpt with a caret under the spot. JSON.parse's own
 * messages differ between engines and sometimes carry no position, so after
 * it fails, this scanner finds the first offending character itself
 * (iteratively: any nesting depth, any size).
 *
 * Pure: no DOM, no React, no store.
 */

export interface JsonSyntaxError {
  /** 1-based line and column (in UTF-16 code units) of the first offending character. */
  line: number;
  column: number;
  /** What is wrong there ("expected ',' or '}' after a value"). */
  reason: string;
  /** The line (cut to about 70 characters around the spot) and a caret line under it. */
  excerpt: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The first syntax error in `text`, or undefined when it is valid JSON.
 * @example jsonSyntaxError('{"a": 1 "b": 2}') // { line: 1, column: 9, reason: "expected ',' or '}' …", … }
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const at = scan(text);
  return at === undefined ? undefined : locate(text, at.offset, at.reason);
}

type Container = 'object' | 'array';

/** Offset and reason of the first error (a tiny JSON validator with an explicit stack). */
function scan(text: string): { offset: number; reason: string } | undefined {
  const n = text.length;
  let i = 0;
  const stack: Container[] = [];
  const skip = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (reason: string) => ({ offset: i, reason });
  // State: what may come next.
  let expectValue = true;
  for (;;) {
    skip();
    if (expectValue) {
      if (i >= n) return fail('the text ends where a value should be');
      const c = text[i]!;
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? 'object' : 'array');
        i++;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === '{') {
          const key = member();
          if (key !== undefined) return key;
        }
        continue;
      }
      const v = scalar();
      if (v !== undefined) return v;
      expectValue = false;
      continue;
    }
    // After a value.
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < n) return fail('there is more text after the end of the document');
      return undefined;
    }
    if (i >= n)
      return fail(
        `the text ends inside an ${top} (a '${top === 'object' ? '}' : ']'}' is missing)`,
      );
    const c = text[i]!;
    if (c === ',') {
      i++;
      skip();
      if (top === 'object') {
        const key = member();
        if (key !== undefined) return key;
      }
      expectValue = true;
      continue;
    }
    if ((top === 'object' && c === '}') || (top === 'array' && c === ']')) {
      stack.pop();
      i++;
      continue;
    }
    return fail(
      top === 'object' ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value",
    );
  }

  /** `"key" :` at i; leaves i after the colon. */
  function member(): { offset: number; reason: string } | undefined {
    skip();
    if (text[i] !== '"') return fail('expected a property name in double quotes');
    const s = string();
    if (s !== undefined) return s;
    skip();
    if (text[i] !== ':') return fail("expected ':' after a property name");
    i++;
    expectValue = true;
    return undefined;
  }

  function string(): { offset: number; reason: string } | undefined {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail('a control character inside a string (escape it, e.g. \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail('a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e))
          return fail('an unknown escape in a string');
        i += 2;
        continue;
      }
      i++;
    }
    return fail("a string is not closed (a '\"' is missing)");
  }

  function scalar(): { offset: number; reason: string } | undefined {
    const c = text[i]!;
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m !== null && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return undefined;
    }
    if (c === "'") return fail('strings need double quotes');
    if (c === '}' || c === ']') return fail(`'${c}' where a value should be (a trailing comma?)`);
    return fail(`unexpected '${c}' where a value should be`);
  }
}

/** Line, column and an excerpt for an offset. */
function locate(text: string, offset: number, reason: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const column = offset - lineStart + 1;
  // Show at most ~70 characters, around the spot.
  const from = Math.max(lineStart, offset - 40);
  const to = Math.min(lineEnd, from + 70);
  const shown = text.slice(from, to).replace(/\t/g, ' ').replace(/\r/g, '');
  const lead = from > lineStart ? '…' : '';
  const tail = to < lineEnd ? '…' : '';
  const caret = `${' '.repeat(lead.length + offset - from)}^`;
  return { line, column, reason, excerpt: `${lead}${shown}${tail}\n${caret}` };
}
