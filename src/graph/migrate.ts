/**
 * Version-to-version migrations of graph documents. Every future version N
 * adds `MIGRATIONS[N - 1]`, a pure function from a version N-1 document to a
 * version N document; the importer runs the chain and says it did.
 *
 * Pure: no DOM, no React, no store.
 */
import { describeValue, type GraphIssue } from './issues.ts';

/** Turns a document of version v into one of version v + 1 (input is not mutated). */
export type Migration = (doc: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Keyed by the version a migration reads. Version 1 is the first; none exist yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrateResult =
  { ok: true; doc: Record<string, unknown>; from?: number } | { ok: false; error: GraphIssue };

/**
 * Brings a document up to `target` by running the migration chain.
 * @returns the migrated document and the version it came from, or an error
 * for versions that are unknown, newer than this build, or lack a migration.
 */
export function migrate(
  doc: Record<string, unknown>,
  target: number,
  migrations: Readonly<Record<number, Migration>>,
): MigrateResult {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      error: {
        path: 'version',
        message:
          version === undefined
            ? 'is required (a whole number ≥ 1)'
            : `must be a whole number ≥ 1 (got ${describeValue(version)})`,
      },
    };
  }
  if (version > target) {
    return {
      ok: false,
      error: {
        path: 'version',
        message: `is ${version}, newer than this Flowbench reads (${target}); update Flowbench to open it`,
      },
    };
  }
  let current = doc;
  for (let v = version; v < target; v++) {
    const step = migrations[v];
    if (step === undefined) {
      return {
        ok: false,
        error: { path: 'version', message: `no migration from version ${v} to ${v + 1}` },
      };
    }
    try {
      current = { ...step(current), version: v + 1 };
    } catch (err) {
      return {
        ok: false,
        error: {
          path: '',
          message: `could not be migrated from version ${v} to ${v + 1}: ${err instanceof Error ? err.message : String(err)}`,
        },
      };
    }
  }
  return version === target
    ? { ok: true, doc: current }
    : { ok: true, doc: current, from: version };
}
