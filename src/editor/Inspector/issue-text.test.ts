import { describe, expect, it } from 'vitest';

import { parseGraph } from '../../graph/index.ts';
import { issueSentence } from './issue-text.ts';

const parsed = parseGraph({
  format: 'flowbench/graph',
  version: 1,
  name: 'g',
  nodes: [
    { id: 'src', kind: 'source', label: 'Requests' },
    { id: 'p', kind: 'process', label: 'Parse' },
  ],
  edges: [{ id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } }],
});
if (!parsed.ok) throw new Error('fixture');

describe('issueSentence', () => {
  it('names the node by its label and points the Show link at it', () => {
    expect(parsed.warnings.length).toBeGreaterThan(0);
    const w = parsed.warnings.find((x) => x.path === 'nodes[1]')!;
    const s = issueSentence(parsed.graph, w);
    expect(s.nodeId).toBe('p');
    expect(s.text).toBe(
      'Output port “out” of “Parse” is not connected: its messages are discarded.',
    );
    expect(s.text).not.toContain('nodes[');
  });

  it('names an edge by its ends', () => {
    const s = issueSentence(parsed.graph, { path: 'edges[0].capacity', message: 'too small' });
    expect(s).toEqual({ text: 'Connection Requests → Parse: Too small.', edgeId: 'e1' });
  });

  it('keeps a graph-wide issue as a sentence without a link', () => {
    expect(
      issueSentence(parsed.graph, { path: 'edges', message: 'the graph has a cycle' }),
    ).toEqual({ text: 'The graph has a cycle.' });
  });
});
