import { describe, expect, it } from 'vitest';

import { detailLevel, FULL_DETAIL_ZOOM, isLowDetail, LOW_DETAIL_ZOOM } from './lod.ts';

describe('isLowDetail', () => {
  it('is true below the threshold only', () => {
    expect(isLowDetail(LOW_DETAIL_ZOOM - 0.01)).toBe(true);
    expect(isLowDetail(0.05)).toBe(true);
    expect(isLowDetail(LOW_DETAIL_ZOOM)).toBe(false);
    expect(isLowDetail(1)).toBe(false);
    expect(isLowDetail(2.5)).toBe(false);
  });
});

describe('detailLevel', () => {
  it('shows full detail only where 11.5 px text is at least 11 px on screen', () => {
    expect(11.5 * FULL_DETAIL_ZOOM).toBeGreaterThanOrEqual(11);
    expect(detailLevel(FULL_DETAIL_ZOOM)).toBe('full');
    expect(detailLevel(1.25)).toBe('full');
  });
  it('switches to the compact form below, and low detail further out', () => {
    expect(detailLevel(FULL_DETAIL_ZOOM - 0.01)).toBe('compact');
    expect(detailLevel(LOW_DETAIL_ZOOM)).toBe('compact');
    expect(detailLevel(LOW_DETAIL_ZOOM - 0.01)).toBe('low');
  });
});
