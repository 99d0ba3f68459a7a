/**
 * Small helpers the FBP phases share: lenient readers of JSON values (import
 * reads the file with them, export reads the `x-fbp` fields with them), the
 * graph name / description / node label rules both directions must agree on,
 * and the wording of approximation notes.
 *
 * Contract: pure (no DOM, no store); never throws.
 */
import { LIMITS } from '../../graph/index.ts';
import type { FbpEndpoint, Point } from './types.ts';

/** A JSON object as read from a file: any keys, values unchecked. */
export type Obj = Record<string, unknown>;

/** Whether `v` is a plain object (not null, not an array). */
export const isObj = (v: unknown): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether `v` is an array-port index: a whole number ≥ 0. */
export const isIndex = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A finite number, or a string spelling one (`"12.5"`); otherwise undefined. */
export function finiteNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** `{x, y}` from an object whose `x` and `y` are both finite numbers (or spell them), else undefined. */
export function readPoint(v: unknown): Point | undefined {
  if (!isObj(v)) return undefined;
  const x = finiteNumber(v.x);
  const y = finiteNumber(v.y);
  return x !== undefined && y !== undefined ? { x, y } : undefined;
}

/** Sets an own enumerable property, even for keys such as `__proto__`. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether `v` names a process and a port (as connection ends and exported ports do). */
export const isPortRef = (v: unknown): v is Obj & { process: string; port: string } =>
  isObj(v) && typeof v.process === 'string' && typeof v.port === 'string';

/** An FBP connection end; `index` only when there is one. */
export function endpoint(process: string, port: string, index: number | undefined): FbpEndpoint {
  return index === undefined ? { process, port } : { process, port, index };
}

/** A connection end as written in a file, or undefined when it lacks a process or port. */
export function readEndpoint(v: unknown): FbpEndpoint | undefined {
  if (!isPortRef(v)) return undefined;
  return endpoint(v.process, v.port, isIndex(v.index) ? v.index : undefined);
}

/** Gets the value under `key`, first setting it to `make()` when there is none. */
export function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** Adds 1 to the count under `key` and returns the count before (0 the first time). */
export function countUp<K>(map: Map<K, number>, key: K): number {
  const n = map.get(key) ?? 0;
  map.set(key, n + 1);
  return n;
}

// ---------------------------------------------------------------------------
// Names, descriptions and labels: import sets them from these rules, and
// export writes a value back only when it differs from what the rule gives.

const DEFAULT_GRAPH_NAME = 'Untitled graph';

const nonEmpty = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined;

/** The Flowbench graph name for FBP `properties` (its `name`, else "Untitled graph"). */
export const nameFromProperties = (p: Obj): string =>
  typeof p.name === 'string' && p.name.trim() !== ''
    ? p.name.slice(0, LIMITS.maxLabelLength)
    : DEFAULT_GRAPH_NAME;

/** The Flowbench graph description for FBP `properties`, if any. */
export const descriptionFromProperties = (p: Obj): string | undefined =>
  nonEmpty(p.description, LIMITS.maxDescriptionLength);

/** The Flowbench node label for FBP process metadata, if any. */
export const labelFromMetadata = (m: Obj | undefined): string | undefined =>
  m === undefined ? undefined : nonEmpty(m.label, LIMITS.maxLabelLength);

// ---------------------------------------------------------------------------
// Wording of notes

/** Up to `max` names, quoted, then "and N more". */
export function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max
    ? `${shown.join(', ')} and ${names.length - max} more`
    : shown.join(', ');
}

/** "1 process", "3 processes". */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
