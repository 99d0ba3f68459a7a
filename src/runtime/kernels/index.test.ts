import { describe, expect, it } from 'vitest';

import { nodeKinds, nodeSchema } from '../../graph/schema.ts';
import { Rng } from '../random.ts';
import { createKernel } from './index.ts';

describe('createKernel', () => {
  it('builds a kernel for every node kind with default params', () => {
    for (const kind of nodeKinds) {
      const node = nodeSchema.parse({ id: `n-${kind}`, kind });
      const k = createKernel(node, { rng: new Rng(1), instance: 0, instances: 1 });
      expect(typeof k.ready).toBe('function');
      expect(typeof k.receive).toBe('function');
      expect(typeof k.tick).toBe('function');
    }
  });

  it('reports a function node whose code does not compile', () => {
    const node = nodeSchema.parse({ id: 'bad', kind: 'function', params: { code: '}{' } });
    expect(() => createKernel(node, { rng: new Rng(1), instance: 0, instances: 1 })).toThrow(
      'function node bad:',
    );
  });
});
