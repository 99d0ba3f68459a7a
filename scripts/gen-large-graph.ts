/**
 * Writes the bench fixtures bench/fixtures/large-500.json (500 nodes, 700
 * edges) and large-1000.json (1000 nodes, 1400 edges). They are valid
 * flowbench/graph v1 documents laid out on a grid, and deterministic: the
 * same build always writes the same bytes. They are bench material, not
 * examples: the site does not ship them (bench:editor adds them to its own build).
 *
 * Usage: npx tsx scripts/gen-large-graph.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { GraphInput } from '../src/graph/model.ts';

/** Rows of the grid; columns follow from the node count. */
const ROWS = 25;
const X_STEP = 220;
const Y_STEP = 120;

/** mulberry32: a small seeded PRNG, so the fixture never changes between runs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A grid graph: column 0 holds sources, the last column sinks, the columns
 * between alternate process and delay stages. Each node is fed by its left
 * neighbour in the same row; the remaining edges cross between rows of
 * adjacent columns (no duplicates), so every edge goes left to right and
 * the graph has no cycle.
 * @param nodeCount a multiple of 25, at least 75
 * @param edgeCount at least nodeCount − 25
 */
export function generateLargeGraph(nodeCount: number, edgeCount: number): GraphInput {
  const cols = nodeCount / ROWS;
  if (!Number.isInteger(cols) || cols < 3)
    throw new Error(`nodeCount must be a multiple of ${ROWS} ≥ 75`);
  const chainEdges = (cols - 1) * ROWS;
  const maxEdges = (cols - 1) * ROWS * ROWS;
  if (edgeCount < chainEdges || edgeCount > maxEdges) {
    throw new Error(`edgeCount must be in [${chainEdges}, ${maxEdges}]`);
  }
  const random = prng(nodeCount);
  const id = (col: number, row: number) => `n${col}_${row}`;
  const nodes: GraphInput['nodes'] = [];
  for (let col = 0; col < cols; col++) {
    for (let row = 0; row < ROWS; row++) {
      const position = { x: col * X_STEP, y: row * Y_STEP };
      const base = { id: id(col, row), position };
      if (col === 0) {
        nodes.push({ ...base, kind: 'source', params: { rate: 100, arrival: 'poisson' } });
      } else if (col === cols - 1) {
        nodes.push({ ...base, kind: 'sink' });
      } else if (col % 2 === 1) {
        const meanMs = Math.round((0.05 + random() * 0.5) * 100) / 100;
        nodes.push({
          ...base,
          kind: 'process',
          params: { service: { dist: 'exponential', meanMs } },
        });
      } else {
        nodes.push({ ...base, kind: 'delay', params: { delay: { dist: 'constant', meanMs: 1 } } });
      }
    }
  }
  const edges: GraphInput['edges'] = [];
  const seen = new Set<string>();
  const addEdge = (col: number, fromRow: number, toRow: number) => {
    const key = `${col}:${fromRow}:${toRow}`;
    if (seen.has(key)) return false;
    seen.add(key);
    edges.push({
      id: `e${edges.length + 1}`,
      from: { node: id(col - 1, fromRow), port: 'out' },
      to: { node: id(col, toRow), port: 'in' },
    });
    return true;
  };
  for (let col = 1; col < cols; col++) {
    for (let row = 0; row < ROWS; row++) addEdge(col, row, row);
  }
  while (edges.length < edgeCount) {
    const col = 1 + Math.floor(random() * (cols - 1));
    const fromRow = Math.floor(random() * ROWS);
    const toRow = Math.floor(random() * ROWS);
    addEdge(col, fromRow, toRow);
  }
  return {
    format: 'flowbench/graph',
    version: 1,
    name: `Large grid (${nodeCount} nodes)`,
    description: `Bench fixture: ${nodeCount} nodes and ${edgeCount} edges on a ${cols} × ${ROWS} grid.`,
    nodes,
    edges,
    run: { durationMs: 10000, warmupMs: 1000, seed: 42 },
  };
}

/** The fixtures this script writes: file name → [nodes, edges]. */
export const LARGE_FIXTURES = {
  'large-500.json': [500, 700],
  'large-1000.json': [1000, 1400],
} as const;

/** Serialised exactly as written to disk. */
export function largeGraphText(nodeCount: number, edgeCount: number): string {
  return `${JSON.stringify(generateLargeGraph(nodeCount, edgeCount), null, 2)}\n`;
}

function main() {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'fixtures');
  for (const [file, [nodeCount, edgeCount]] of Object.entries(LARGE_FIXTURES)) {
    writeFileSync(join(outDir, file), largeGraphText(nodeCount, edgeCount));
    console.log(`wrote bench/fixtures/${file} (${nodeCount} nodes, ${edgeCount} edges)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
