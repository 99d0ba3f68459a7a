import { describe, expect, it } from 'vitest';

import {
  describeSweepCost,
  fieldParamPath,
  parseValueList,
  parseValueRange,
  suggestedValues,
} from './sweep-form.ts';

const P = 'nodes.b.params.size';

describe('the sweep form', () => {
  it('maps an inspector field to a parameter path, or to none', () => {
    expect(fieldParamPath('node', 'db', ['params', 'service', 'meanMs'])).toBe(
      'nodes.db.params.service.meanMs',
    );
    expect(fieldParamPath('node', 'db', ['worker'])).toBeUndefined();
    expect(fieldParamPath('node', 'db', ['label'])).toBeUndefined();
    expect(fieldParamPath('edge', 'e1', ['capacity'])).toBe('edges.e1.capacity');
    expect(fieldParamPath('graph', '', ['run', 'durationMs'])).toBe('run.durationMs');
    expect(fieldParamPath('graph', '', ['name'])).toBeUndefined();
  });

  it('reads a list of numbers, naming the path and the value it refuses', () => {
    expect(parseValueList(P, '10, 50 100;200')).toEqual({ ok: true, values: [10, 50, 100, 200] });
    expect(parseValueList(P, '10, ten')).toEqual({
      ok: false,
      error: 'nodes.b.params.size: "ten" is not a number',
    });
    expect(parseValueList(P, ' , ')).toEqual({
      ok: false,
      error: 'nodes.b.params.size: type at least one value',
    });
    expect(parseValueList(P, '1, 2, 1')).toEqual({
      ok: false,
      error: 'nodes.b.params.size: 1 is listed twice',
    });
    const many = Array.from({ length: 101 }, (_, i) => i).join(',');
    expect(parseValueList(P, many)).toMatchObject({
      ok: false,
      error: expect.stringContaining('101 values; a sweep in the editor takes at most 100'),
    });
  });

  it('reads a linear or geometric range', () => {
    expect(parseValueRange(P, '10', '30', '10', 'linear')).toEqual({
      ok: true,
      values: [10, 20, 30],
    });
    expect(parseValueRange(P, '1', '64', '4', 'geometric')).toEqual({
      ok: true,
      values: [1, 4, 16, 64],
    });
    expect(parseValueRange(P, '10', '', '1', 'linear')).toEqual({
      ok: false,
      error: 'nodes.b.params.size: to "" is not a number',
    });
    expect(parseValueRange(P, '30', '10', '1', 'linear')).toEqual({
      ok: false,
      error:
        'nodes.b.params.size: the range 30 to 10 must go from a value to a larger or equal one',
    });
    expect(parseValueRange(P, '1', '1000', '1', 'linear')).toMatchObject({
      ok: false,
      error: expect.stringContaining('1000 values'),
    });
  });

  it('suggests half, the value and double, and states the cost', () => {
    expect(suggestedValues(64)).toBe('32, 64, 128');
    expect(suggestedValues(0.3)).toBe('0.15, 0.3, 0.6');
    expect(suggestedValues(undefined)).toBe('');
    expect(describeSweepCost(3, 1, null, 'virtual', 10_000)).toBe(
      '3 points × 1 seed = 3 predictions',
    );
    expect(describeSweepCost(3, 2, 5, 'virtual', 10_000)).toBe(
      '3 points × 2 seeds = at least 6 predictions',
    );
    expect(describeSweepCost(4, 3, null, 'real', 10_000)).toBe(
      '4 points × 3 seeds = 12 runs of 10 s, about 2 min',
    );
  });
});
