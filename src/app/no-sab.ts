/**
 * What the page says when it has no SharedArrayBuffer (not cross-origin
 * isolated: a host without COOP/COEP headers and no service worker to add
 * them, an old browser, a cross-origin iframe): graphs still run, with
 * messages, control and metrics travelling by postMessage
 * (runtime/message-link.ts), and this is what that costs.
 *
 * Pure: no React, no DOM.
 */

/**
 * End-to-end throughput measured by `npm run bench:engine -- --reps 5`
 * (3-stage pipeline, rate max, 64-byte payloads, 2 workers, medians of 5
 * interleaved 4 s runs): on SAB rings, and with no shared memory at all
 * (postMessage transport, control and metrics by messages). Measured in one
 * process on the development machine: 2 cores shared with other jobs (load
 * average about 20), Node 20, 2 December 2026 (its postMessage row with
 * shared control: 129,701 msg/s). Rerun the bench and update these after a
 * change to either path.
 */
export const BENCH_ENGINE = {
  sabMsgPerSec: 1_673_178,
  noSabMsgPerSec: 744_271,
  where: 'npm run bench:engine (Node 20, a quiet 2-core machine, 2 December 2026)',
} as const;

/** bench:engine's two medians and where they were measured. */
export interface BenchFigures {
  sabMsgPerSec: number;
  noSabMsgPerSec: number;
  where: string;
}

/** How many times faster a run on shared memory was in the bench (one decimal). */
export function benchRatio(bench: Pick<BenchFigures, 'sabMsgPerSec' | 'noSabMsgPerSec'>): string {
  return (bench.sabMsgPerSec / bench.noSabMsgPerSec).toFixed(1);
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** The notice's sentences (the link to the README's Publish section is added by the component). */
export function noSabNotice(
  reason: string,
  bench: BenchFigures = BENCH_ENGINE,
): { missing: string; cost: string; fix: string } {
  return {
    missing:
      `This page is not cross-origin isolated (${reason}), so SharedArrayBuffer is unavailable: ` +
      'graphs still run, but messages, control and metrics travel between workers by postMessage.',
    cost:
      `That costs throughput: runs are about ${benchRatio(bench)}× slower than on shared memory ` +
      `(${thousands(bench.noSabMsgPerSec)} vs ${thousands(bench.sabMsgPerSec)} msg/s through a ` +
      `3-stage pipeline on 2 workers, measured by ${bench.where}).`,
    fix: 'To run at full speed, host Flowbench with the COOP/COEP headers',
  };
}
