/**
 * Autosave of the open graph into a key-value store (localStorage fits).
 *
 * Contract: pure apart from the injected store; never throws, whatever the
 * store does. Debouncing is the caller's job.
 *
 * Crash safety: `save` writes the new value under a temp key, then under the
 * main key, then removes the temp key. A crash between any two steps leaves
 * at least one complete save; `load` takes the newest complete one.
 */
import { type Graph, type GraphIssue, parseGraph } from '../graph/index.ts';
import { orderGraph } from './export.ts';

/** The part of `Storage` autosave needs. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AutosaveOptions {
  /** Main key; the temp and backup keys add `:tmp` and `:corrupt`. Default `flowbench:autosave:v1`. */
  key?: string;
  /** Clock in ms since the epoch, for the saved timestamp. Default `Date.now`. */
  now?: () => number;
}

export type SaveResult =
  | { ok: true; savedAtMs: number; chars: number }
  | {
      ok: false;
      /** quota: the store is full; storage: it refused otherwise; serialize: the graph has no JSON form. */
      reason: 'quota' | 'storage' | 'serialize';
      message: string;
    };

export interface LoadedGraph {
  graph: Graph;
  /** When it was saved, ms since the epoch. */
  savedAtMs: number;
  warnings: GraphIssue[];
  /** Set when the saved graph was in an older format version. */
  migratedFrom?: number;
}

export interface Autosave {
  /** Saves the graph; on failure the previous save is untouched. */
  save(graph: Graph): SaveResult;
  /**
   * The newest complete save, validated; undefined when there is none or it
   * is unreadable (an unreadable value is moved to `keys.backup`, not deleted).
   */
  load(): LoadedGraph | undefined;
  /** Removes the save (the backup of a corrupt save is kept). */
  clear(): void;
  readonly keys: { main: string; temp: string; backup: string };
}

export const AUTOSAVE_KEY = 'flowbench:autosave:v1';
const ENVELOPE_FORMAT = 'flowbench/autosave';

function isQuotaError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  );
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function storeFailure(err: unknown): SaveResult {
  return isQuotaError(err)
    ? {
        ok: false,
        reason: 'quota',
        message: `browser storage is full; the previous autosave is kept (${messageOf(err)})`,
      }
    : {
        ok: false,
        reason: 'storage',
        message: `browser storage refused the autosave; the previous one is kept (${messageOf(err)})`,
      };
}

/**
 * Creates an autosave bound to a store.
 * @example
 * const autosave = createAutosave(localStorage);
 * const restored = autosave.load()?.graph;
 * const r = autosave.save(graph); if (!r.ok) toast(r.message);
 */
export function createAutosave(store: KeyValueStore, opts: AutosaveOptions = {}): Autosave {
  const main = opts.key ?? AUTOSAVE_KEY;
  const keys = { main, temp: `${main}:tmp`, backup: `${main}:corrupt` };
  const now = opts.now ?? Date.now;

  const get = (key: string): string | null => {
    try {
      const v = store.getItem(key);
      return typeof v === 'string' ? v : null;
    } catch {
      return null;
    }
  };
  const remove = (key: string) => {
    try {
      store.removeItem(key);
    } catch {
      // Nothing more to do: a leftover temp copy is harmless (load prefers the newest valid).
    }
  };

  /** A stored value → a loaded graph, or undefined if it is not a complete, valid save. */
  const decode = (raw: string): LoadedGraph | undefined => {
    let env: unknown;
    try {
      env = JSON.parse(raw);
    } catch {
      return undefined;
    }
    if (env === null || typeof env !== 'object') return undefined;
    const { format, savedAtMs, graph } = env as Record<string, unknown>;
    if (format !== ENVELOPE_FORMAT || typeof savedAtMs !== 'number') return undefined;
    const parsed = parseGraph(graph);
    if (!parsed.ok) return undefined;
    const loaded: LoadedGraph = { graph: parsed.graph, savedAtMs, warnings: parsed.warnings };
    if (parsed.migratedFrom !== undefined) loaded.migratedFrom = parsed.migratedFrom;
    return loaded;
  };

  return {
    keys,
    save(graph) {
      const savedAtMs = now();
      let value: string;
      try {
        value = JSON.stringify({ format: ENVELOPE_FORMAT, savedAtMs, graph: orderGraph(graph) });
      } catch (err) {
        return { ok: false, reason: 'serialize', message: messageOf(err) };
      }
      try {
        store.setItem(keys.temp, value);
      } catch (err) {
        remove(keys.temp);
        return storeFailure(err);
      }
      try {
        store.setItem(keys.main, value);
      } catch (err) {
        if (!isQuotaError(err)) {
          // The previous save stands; drop the temp copy so load agrees with what we report.
          remove(keys.temp);
          return storeFailure(err);
        }
        // Two copies may not fit. The temp copy is complete, so the old main value can go
        // first; if the second write fails too, load still finds the new save under temp.
        remove(keys.main);
        try {
          store.setItem(keys.main, value);
        } catch {
          return { ok: true, savedAtMs, chars: value.length };
        }
      }
      remove(keys.temp);
      return { ok: true, savedAtMs, chars: value.length };
    },
    load() {
      const rawMain = get(keys.main);
      const rawTemp = get(keys.temp);
      const fromMain = rawMain === null ? undefined : decode(rawMain);
      const fromTemp = rawTemp === null ? undefined : decode(rawTemp);
      if (rawMain !== null && fromMain === undefined) {
        // Keep the unreadable text for recovery; only drop it once the copy is safe.
        try {
          store.setItem(keys.backup, rawMain);
          store.removeItem(keys.main);
        } catch {
          // Could not back it up: leave it where it is rather than lose it.
        }
      }
      if (rawTemp !== null && fromTemp === undefined) remove(keys.temp); // a torn write
      if (fromMain === undefined) return fromTemp;
      if (fromTemp === undefined) return fromMain;
      return fromTemp.savedAtMs > fromMain.savedAtMs ? fromTemp : fromMain;
    },
    clear() {
      remove(keys.main);
      remove(keys.temp);
    },
  };
}
