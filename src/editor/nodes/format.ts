/** Short number and quantity formats for node summaries. Pure: data in, strings out. */
import type { Distribution } from '../../graph/index.ts';

const num = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** "1,000", "0.25". */
export function formatNumber(n: number): string {
  return num.format(n);
}

/** "exponential 2 ms", or "pass-through" for a zero mean. */
export function formatDistribution(d: Distribution): string {
  return d.meanMs === 0 ? 'pass-through' : `${d.dist} ${num.format(d.meanMs)} ms`;
}

/** A share as a percentage: 0.25 → "25 %". */
export function formatShare(r: number): string {
  return `${num.format(r * 100)} %`;
}
