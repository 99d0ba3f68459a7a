import { describe, expect, it } from 'vitest';

import { nodeKinds, nodeSchemas } from '../graph/index.ts';
import { kindEditor, kindsWithoutEditor, paramFields } from './kinds.ts';

describe('editor sides of the node kinds', () => {
  it('finds an editor side in every kind folder', () => {
    expect(kindsWithoutEditor).toEqual([]);
    for (const kind of nodeKinds) expect(kindEditor(kind).kind).toBe(kind);
  });

  it('gives every inspector field of every kind a help line, and paths under params', () => {
    for (const kind of nodeKinds) {
      const node = nodeSchemas[kind].parse({ id: 'n', kind });
      const editor = kindEditor(kind);
      expect(editor.icon).toMatch(/^M/);
      expect(Array.isArray(editor.summary(node.params as never))).toBe(true);
      for (const f of paramFields(node)) {
        expect(f.help.length, `${kind} ${f.path.join('.')}`).toBeGreaterThan(10);
        expect(f.path[0]).toBe('params');
      }
    }
  });
});
