import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { Rng } from '../core/random.ts';
import { nodeSchema } from '../graph/schema.ts';
import { type AnyKindDef, createKernel, kindList, nodeKinds } from './index.ts';

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

describe('the list of kinds', () => {
  it('has one folder per kind, named as the kind, holding its declaration', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'index.ts')))
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual([...nodeKinds].sort());
  });

  it('gives every kind a label, a description and ports that its default params produce', () => {
    for (const def of kindList as readonly AnyKindDef[]) {
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.description.endsWith('.')).toBe(true);
      const ports = def.ports(def.params.parse({}));
      expect(ports.inputs.length + ports.outputs.length).toBeGreaterThan(0);
    }
  });

  it('maps FBP components to at most one kind, with exactly one fallback kind', () => {
    const names = [
      'Split',
      'SplitStr',
      'SplitArray',
      'SplitLines',
      'Merge',
      'Output',
      'Drop',
      'Repeat',
      'Kick',
      'RunInterval',
      'FilterPropertyValue',
      'RepeatDelayed',
      'Throttle',
      'RateLimit',
      'Cache',
      'Batch',
      'Unbatch',
      'UnBatch',
      'Group',
      'Console',
      'Generator',
      'Timer',
      'GetElement',
    ];
    for (const name of names) {
      const matching = kindList.filter((d) => d.fbp?.component?.test(name) === true);
      expect(matching.length, `${name}: ${matching.map((d) => d.kind).join(', ')}`).toBeLessThan(2);
    }
    expect(kindList.filter((d) => d.fbp?.fallback === true)).toHaveLength(1);
  });
});
