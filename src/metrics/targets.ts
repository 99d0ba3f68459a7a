/**
 * Targets: what a designer aims for (graph `targets`) against what a run
 * measured. One table of definitions serves the report, the CLI and the UI.
 * A target whose measure has no data (no message collected) reads "no data"
 * (`met: null`), never met.
 *
 * Pure: no DOM, no React, no store.
 */
import { formatMs, formatRate } from '../core/format.ts';
import type { Targets } from '../graph/model.ts';

/** The measures a target can be set on, as the report's totals give them. */
export interface TargetMeasures {
  /** Delivered items/s (at the target's sinks). */
  throughput: number;
  /** Latency of delivered items (ms); null when none arrived. */
  meanLatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
  /** failed ÷ everything that ended; null when nothing ended. */
  errorRate: number | null;
  /** (shed + dropped) ÷ everything that ended; null when nothing ended. */
  shedRate: number | null;
  /** Memory in use (MB); null when not measured (a prediction). */
  memoryMB: number | null;
}

export interface TargetResult {
  target: number;
  /** The measured value; null when there was no data to measure. */
  actual: number | null;
  /** Whether it was met; null when there was no data. */
  met: boolean | null;
}

export type TargetKey =
  | 'minThroughput'
  | 'meanLatencyMs'
  | 'p95LatencyMs'
  | 'p99LatencyMs'
  | 'maxErrorRate'
  | 'maxShedRate'
  | 'maxMemoryMB';

/** How each target reads, in the order reports list them. */
export const TARGETS: readonly {
  key: TargetKey;
  label: string;
  /** The value must stay at or below (max) or reach at least (min) the target. */
  bound: 'max' | 'min';
  unit: 'ms' | 'rate' | 'ratio' | 'MB';
  measure: keyof TargetMeasures;
}[] = [
  {
    key: 'minThroughput',
    label: 'min throughput',
    bound: 'min',
    unit: 'rate',
    measure: 'throughput',
  },
  {
    key: 'meanLatencyMs',
    label: 'mean latency',
    bound: 'max',
    unit: 'ms',
    measure: 'meanLatencyMs',
  },
  { key: 'p95LatencyMs', label: 'p95 latency', bound: 'max', unit: 'ms', measure: 'p95LatencyMs' },
  { key: 'p99LatencyMs', label: 'p99 latency', bound: 'max', unit: 'ms', measure: 'p99LatencyMs' },
  {
    key: 'maxErrorRate',
    label: 'max error rate',
    bound: 'max',
    unit: 'ratio',
    measure: 'errorRate',
  },
  { key: 'maxShedRate', label: 'max shed rate', bound: 'max', unit: 'ratio', measure: 'shedRate' },
  { key: 'maxMemoryMB', label: 'max memory', bound: 'max', unit: 'MB', measure: 'memoryMB' },
];

/** Each set target against the measures. */
export function evaluateTargets(
  targets: Targets,
  measures: TargetMeasures,
): Partial<Record<TargetKey, TargetResult>> {
  const out: Partial<Record<TargetKey, TargetResult>> = {};
  for (const def of TARGETS) {
    const target: number | undefined = targets[def.key];
    if (target === undefined) continue;
    const actual = measures[def.measure];
    out[def.key] = {
      target,
      actual,
      met: actual === null ? null : def.bound === 'max' ? actual <= target : actual >= target,
    };
  }
  return out;
}

/** A target's value in its unit ("12.0 ms", "950/s", "0.5 %", "64 MB"); "no data" for null. */
export function formatTargetValue(
  unit: (typeof TARGETS)[number]['unit'],
  value: number | null,
): string {
  if (value === null) return 'no data';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'rate':
      return formatRate(value);
    case 'ratio':
      return `${Number((value * 100).toPrecision(3))} %`;
    case 'MB':
      return `${Math.round(value)} MB`;
  }
}

/** "≤ 12.0 ms", "≥ 950/s": the goal as a person reads it. */
export function formatTargetGoal(def: (typeof TARGETS)[number], target: number): string {
  return `${def.bound === 'max' ? '≤' : '≥'} ${formatTargetValue(def.unit, target)}`;
}

/** "met", "missed" or "no data". */
export function targetVerdict(r: TargetResult): 'met' | 'missed' | 'no data' {
  return r.met === null ? 'no data' : r.met ? 'met' : 'missed';
}
