import { describe, expect, it } from 'vitest';

import { isLowDetail, LOW_DETAIL_ZOOM } from './lod.ts';

describe('isLowDetail', () => {
  it('is low detail strictly below the threshold', () => {
    expect(isLowDetail(LOW_DETAIL_ZOOM - 0.01)).toBe(true);
    expect(isLowDetail(0.05)).toBe(true);
    expect(isLowDetail(LOW_DETAIL_ZOOM)).toBe(false);
    expect(isLowDetail(1)).toBe(false);
    expect(isLowDetail(2.5)).toBe(false);
  });
});
