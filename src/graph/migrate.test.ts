import { describe, expect, it } from 'vitest';

import { migrate, type Migration, MIGRATIONS } from './migrate.ts';
import { parseGraph } from './validate.ts';

const v1 = () => ({
  format: 'flowbench/graph',
  version: 1,
  name: 'Old',
  nodes: [{ id: 'k', kind: 'sink' }],
});

/** Deep-freezes a value so any mutation by a migration throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('migrate', () => {
  it('ships no migrations while version 1 is the only version', () => {
    expect(MIGRATIONS).toEqual({});
  });

  it('runs a fake 1 → 2 step and says where the document came from', () => {
    const calls: number[] = [];
    const fake: Record<number, Migration> = {
      1: (doc) => {
        calls.push(doc.version as number);
        return { ...doc, title: doc.name, name: undefined };
      },
    };
    const r = migrate(v1(), 2, fake);
    expect(r).toEqual({
      ok: true,
      doc: { ...v1(), version: 2, title: 'Old', name: undefined },
      from: 1,
    });
    expect(calls).toEqual([1]);
  });

  it('runs a chain of steps in order and stamps each version', () => {
    const seen: unknown[] = [];
    const step =
      (tag: string): Migration =>
      (doc) => {
        seen.push(doc.version);
        return { ...doc, trail: [...((doc.trail as string[] | undefined) ?? []), tag] };
      };
    const r = migrate(v1(), 4, { 1: step('a'), 2: step('b'), 3: step('c') });
    expect(seen).toEqual([1, 2, 3]);
    expect(r).toMatchObject({ ok: true, from: 1, doc: { version: 4, trail: ['a', 'b', 'c'] } });
  });

  it('does not migrate a document that is already current', () => {
    const doc = v1();
    const r = migrate(doc, 1, { 1: () => ({ broken: true }) });
    expect(r).toEqual({ ok: true, doc });
    expect(r.ok && 'from' in r).toBe(false);
  });

  it('is an error when a step of the chain is missing', () => {
    const r = migrate(v1(), 3, { 1: (doc) => ({ ...doc }) });
    expect(r).toEqual({
      ok: false,
      error: { path: 'version', message: 'no migration from version 2 to 3' },
    });
  });

  it('does not mutate the document it migrates', () => {
    const doc = deepFreeze(v1());
    const before = structuredClone(doc);
    const r = migrate(doc, 2, { 1: (d) => ({ ...d, nodes: [] }) });
    expect(r.ok).toBe(true);
    expect(doc).toEqual(before);
  });

  it('reports a step that throws (for example by mutating its frozen input)', () => {
    const doc = deepFreeze(v1());
    const r = migrate(doc, 2, {
      1: (d) => {
        (d as Record<string, unknown>).name = 'changed';
        return { ...d };
      },
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        path: '',
        message: expect.stringContaining('could not be migrated from version 1 to 2'),
      },
    });
  });

  it.each([
    [0, 'must be a whole number ≥ 1 (got 0)'],
    [1.5, 'must be a whole number ≥ 1 (got 1.5)'],
    ['1', 'must be a whole number ≥ 1 (got "1")'],
    ['x'.repeat(1000), 'must be a whole number ≥ 1 (got a string of 1000 characters)'],
    [undefined, 'is required (a whole number ≥ 1)'],
    [3, 'is 3, newer than this Flowbench reads (2); update Flowbench to open it'],
  ])('rejects version %j', (version, message) => {
    const r = migrate({ ...v1(), version }, 2, { 1: (d) => ({ ...d }) });
    expect(r).toEqual({ ok: false, error: { path: 'version', message } });
  });
});

describe('parseGraph with migrations', () => {
  it('does not report a migration for a current document', () => {
    const r = parseGraph(v1());
    expect(r.ok && r.migratedFrom).toBe(undefined);
  });

  it('does not run migrations for a current document', () => {
    const r = parseGraph(v1(), {
      1: () => {
        throw new Error('must not run');
      },
    });
    expect(r.ok).toBe(true);
  });

  it('rejects a newer document before validating it', () => {
    const r = parseGraph({ ...v1(), version: 2, nodes: 'whatever' });
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'version', message: expect.stringContaining('newer than this Flowbench') }],
    });
  });
});
