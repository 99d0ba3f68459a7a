import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { GRAPH_JSON_SCHEMA_ID, graphJsonSchema } from './json-schema.ts';
import { nodeKinds } from './schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SCHEMA_FILE = join(ROOT, 'public', 'schema', 'graph-v1.json');
const EXAMPLES_DIR = join(ROOT, 'public', 'examples');

type JsonObject = Record<string, unknown>;

describe('graph JSON Schema', () => {
  const schema = graphJsonSchema();

  it('matches the committed public/schema/graph-v1.json (run npm run schema if not)', () => {
    const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as unknown;
    expect(committed, 'public/schema/graph-v1.json is stale: run npm run schema').toEqual(schema);
  });

  it('names itself and requires the document tag, version and nodes', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: GRAPH_JSON_SCHEMA_ID,
      title: expect.stringContaining('Flowbench graph'),
      type: 'object',
      required: ['format', 'version', 'nodes'],
    });
    expect((schema.properties as JsonObject).format).toMatchObject({ const: 'flowbench/graph' });
  });

  it('closes every object except for x- extension keys', () => {
    let objects = 0;
    const visit = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      const o = node as JsonObject;
      if (o.type === 'object') {
        objects++;
        expect(o.additionalProperties).toBe(false);
        expect(o.patternProperties).toEqual({ '^x-': {} });
      }
      Object.values(o).forEach(visit);
    };
    visit(schema);
    expect(objects).toBeGreaterThan(20);
  });

  it('has one node variant per kind and takes any whole capacity from 1 to 2^20', () => {
    const nodes = (schema.properties as JsonObject).nodes as { items: { oneOf: JsonObject[] } };
    const kinds = nodes.items.oneOf.map(
      (v) => ((v.properties as JsonObject).kind as JsonObject).const,
    );
    expect(kinds).toEqual(nodeKinds);
    const edges = (schema.properties as JsonObject).edges as { items: JsonObject };
    const capacity = (edges.items.properties as JsonObject).capacity as JsonObject;
    expect(capacity).toMatchObject({ type: 'integer', minimum: 1, maximum: 2 ** 20 });
    expect(capacity.enum).toBeUndefined();
  });

  it('is met by every example, at least at the top level', () => {
    const required = schema.required as string[];
    const allowed = Object.keys(schema.properties as JsonObject);
    const files = readdirSync(EXAMPLES_DIR).filter(
      (f) => f.endsWith('.json') && f !== 'index.json',
    );
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as JsonObject;
      for (const key of required) expect(doc, `${file} lacks ${key}`).toHaveProperty(key);
      for (const key of Object.keys(doc)) {
        expect(allowed.includes(key) || key.startsWith('x-'), `${file}: unexpected ${key}`).toBe(
          true,
        );
      }
    }
  });
});
