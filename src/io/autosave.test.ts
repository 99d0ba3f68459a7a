import { describe, expect, it } from 'vitest';

import { type KeyValueStore, createAutosave } from './autosave.ts';
import { everyKind, orderPipeline } from './test-graphs.ts';

/** An in-memory store; `failOn` makes setItem throw for matching keys. */
class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  failOn: ((key: string, value: string) => Error | undefined) | undefined;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const err = this.failOn?.(k, v);
    if (err !== undefined) throw err;
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const quotaError = () => Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });

function setup() {
  const store = new MemoryStore();
  let t = 1_700_000_000_000;
  const autosave = createAutosave(store, { now: () => ++t });
  return { store, autosave };
}

describe('autosave', () => {
  it('loads what it saved, with the time it was saved', () => {
    const { autosave } = setup();
    expect(autosave.load()).toBeUndefined();
    const r = autosave.save(everyKind());
    expect(r.ok).toBe(true);
    const loaded = autosave.load();
    expect(loaded?.graph).toEqual(everyKind());
    expect(r.ok && loaded?.savedAtMs).toBe(r.ok && r.savedAtMs);
  });

  it('writes under a versioned key and leaves no temp copy behind', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    expect([...store.data.keys()]).toEqual(['flowbench:autosave:v1']);
  });

  it('keeps the previous save when the store refuses the new one', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    store.failOn = () => quotaError();
    const r = autosave.save(everyKind());
    expect(r).toMatchObject({ ok: false, reason: 'quota' });
    expect(autosave.load()?.graph).toEqual(orderPipeline());
  });

  it('reports other storage failures without throwing', () => {
    const { store, autosave } = setup();
    store.failOn = () => new Error('SecurityError');
    expect(autosave.save(orderPipeline())).toMatchObject({ ok: false, reason: 'storage' });
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const a = createAutosave(throwing);
    expect(a.save(orderPipeline()).ok).toBe(false);
    expect(a.load()).toBeUndefined();
    expect(() => a.clear()).not.toThrow();
  });

  it('keeps the previous save when the main write fails for a reason other than space', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    store.failOn = (k) => (k === 'flowbench:autosave:v1' ? new Error('boom') : undefined);
    expect(autosave.save(everyKind()).ok).toBe(false);
    expect(autosave.load()?.graph).toEqual(orderPipeline());
  });

  it('makes room when two copies do not fit, and the new save still loads', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    // Room for one value at a time besides the temp copy.
    store.failOn = (k) =>
      k === 'flowbench:autosave:v1' && store.data.has(k) ? quotaError() : undefined;
    expect(autosave.save(everyKind()).ok).toBe(true);
    expect(autosave.load()?.graph).toEqual(everyKind());
  });

  it('recovers the new save from the temp key after a crash between the two writes', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    const crashed = new Error('tab closed');
    store.failOn = (k) => (k === 'flowbench:autosave:v1' ? crashed : undefined);
    // Simulate the crash: the temp write happened, the main write and cleanup did not.
    const origRemove = store.removeItem.bind(store);
    store.removeItem = () => {};
    autosave.save(everyKind());
    store.removeItem = origRemove;
    store.failOn = undefined;
    expect(store.data.has('flowbench:autosave:v1:tmp')).toBe(true);
    expect(autosave.load()?.graph).toEqual(everyKind());
  });

  it('ignores a torn temp write and loads the previous save', () => {
    const { store, autosave } = setup();
    autosave.save(orderPipeline());
    store.data.set('flowbench:autosave:v1:tmp', '{"format":"flowbench/autosave","savedAtMs":9');
    expect(autosave.load()?.graph).toEqual(orderPipeline());
  });

  it('moves a corrupt save to the backup key instead of deleting it', () => {
    const { store, autosave } = setup();
    for (const raw of ['{not json', '{"format":"flowbench/autosave","savedAtMs":1,"graph":{}}']) {
      store.data.set('flowbench:autosave:v1', raw);
      expect(autosave.load()).toBeUndefined();
      expect(store.data.get(autosave.keys.backup)).toBe(raw);
      expect(store.data.has('flowbench:autosave:v1')).toBe(false);
    }
  });

  it('leaves a corrupt save in place when the backup cannot be written', () => {
    const { store, autosave } = setup();
    store.data.set('flowbench:autosave:v1', 'garbage');
    store.failOn = () => quotaError();
    expect(autosave.load()).toBeUndefined();
    expect(store.data.get('flowbench:autosave:v1')).toBe('garbage');
  });

  it('clears the save but keeps a backup', () => {
    const { store, autosave } = setup();
    store.data.set(autosave.keys.backup, 'old');
    autosave.save(orderPipeline());
    autosave.clear();
    expect(autosave.load()).toBeUndefined();
    expect([...store.data.keys()]).toEqual([autosave.keys.backup]);
  });

  it('uses the key it is given', () => {
    const store = new MemoryStore();
    const a = createAutosave(store, { key: 'test:v9' });
    a.save(orderPipeline());
    expect([...store.data.keys()]).toEqual(['test:v9']);
    expect(a.keys).toEqual({ main: 'test:v9', temp: 'test:v9:tmp', backup: 'test:v9:corrupt' });
  });

  it('reports a graph that cannot be serialised', () => {
    const { autosave } = setup();
    const g = { ...orderPipeline(), 'x-big': 1n } as unknown as ReturnType<typeof orderPipeline>;
    expect(autosave.save(g)).toMatchObject({ ok: false, reason: 'serialize' });
  });
});
