/** Number formats for live values and reports. Pure: data in, strings out. */

/** "412/s", "1.23k/s", "0.5/s": three significant digits. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0/s';
  if (perSec >= 1e6) return `${(perSec / 1e6).toPrecision(3)}M/s`;
  if (perSec >= 1e4) return `${(perSec / 1e3).toPrecision(3)}k/s`;
  if (perSec >= 100) return `${Math.round(perSec)}/s`;
  return `${Number(perSec.toPrecision(2))}/s`;
}

/** "0.42 ms", "12.3 ms", "1.20 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
