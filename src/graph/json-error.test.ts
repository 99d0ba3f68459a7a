import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { jsonSyntaxError } from './json-error.ts';
import { parseGraph } from './validate.ts';

describe('JSON syntax errors for people', () => {
  it('finds the line, the column and a caret under the spot', () => {
    const text = '{\n  "name": "x",\n  "rate": 10 "arrival": 1\n}';
    expect(jsonSyntaxError(text)).toEqual({
      line: 3,
      column: 14,
      reason: "expected ',' or '}' after a value",
      excerpt: '  "rate": 10 "arrival": 1\n             ^',
    });
  });

  it('names the usual mistakes', () => {
    const cases: [string, string][] = [
      ['{"a": 1,}', 'a property name in double quotes'],
      ['[1, 2,]', "']' where a value should be (a trailing comma?)"],
      ["{'a': 1}", 'expected a property name in double quotes'],
      ['{"a": \'x\'}', 'strings need double quotes'],
      ['{"a": "x', "a string is not closed (a '\"' is missing)"],
      ['{"a": [1, 2', "the text ends inside an array (a ']' is missing)"],
      ['{"a": 1} x', 'there is more text after the end of the document'],
      ['', 'the text ends where a value should be'],
      ['{"a": tru}', "unexpected 't' where a value should be"],
      ['{"a": "\u0001"}', 'a control character inside a string'],
    ];
    for (const [text, reason] of cases) expect(jsonSyntaxError(text)?.reason).toContain(reason);
  });

  it('agrees with JSON.parse on what is valid (seeded)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonSyntaxError(text) === undefined).toBe(valid);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('copes with deep nesting and long lines without overflowing', () => {
    expect(jsonSyntaxError(`${'['.repeat(200_000)}1${']'.repeat(199_999)}`)?.reason).toContain(
      'the text ends inside an array',
    );
    const long = `{"a": "${'x'.repeat(10_000)}" "b": 1}`;
    const e = jsonSyntaxError(long)!;
    expect(e.column).toBe(10_010);
    expect(e.excerpt.split('\n')[0]!.length).toBeLessThan(80);
    const [shown, caret] = e.excerpt.split('\n') as [string, string];
    expect(caret.indexOf('^')).toBe(shown.indexOf('"b"'));
  });

  it('is what parseGraph reports for a document that is not JSON', () => {
    const r = parseGraph('{\n  "format": "flowbench/graph",\n  "nodes": [,]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.message).toBe(
        "is not valid JSON: unexpected ',' where a value should be at line 3, column 13",
      );
      expect(r.errors[0]!.excerpt).toBe('  "nodes": [,]\n            ^');
    }
  });
});
