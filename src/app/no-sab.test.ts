import { describe, expect, it } from 'vitest';

import { BENCH_ENGINE, benchRatio, noSabNotice } from './no-sab.ts';

describe('the notice of a page without SharedArrayBuffer', () => {
  it('quotes measured bench figures, shared memory the faster', () => {
    expect(BENCH_ENGINE.noSabMsgPerSec).toBeGreaterThan(0);
    expect(BENCH_ENGINE.sabMsgPerSec).toBeGreaterThan(BENCH_ENGINE.noSabMsgPerSec);
    expect(BENCH_ENGINE.where).toContain('npm run bench:engine');
  });

  it('says what is missing and why, the ratio with the figures it comes from, and what to do', () => {
    const text = noSabNotice('service workers are blocked in this browser', {
      sabMsgPerSec: 1_200_000,
      noSabMsgPerSec: 300_000,
      where: 'npm run bench:engine (test)',
    });
    expect(text.missing).toBe(
      'This page is not cross-origin isolated (service workers are blocked in this browser), so SharedArrayBuffer is unavailable: graphs still run, but messages, control and metrics travel between workers by postMessage.',
    );
    expect(text.cost).toBe(
      'That costs throughput: runs are about 4.0× slower than on shared memory (300,000 vs 1,200,000 msg/s through a 3-stage pipeline on 2 workers, measured by npm run bench:engine (test)).',
    );
    expect(text.fix).toContain('COOP/COEP headers');
    expect(benchRatio({ sabMsgPerSec: 326_340, noSabMsgPerSec: 151_750 })).toBe('2.2');
  });
});
