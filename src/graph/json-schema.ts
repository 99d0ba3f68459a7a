/**
 * The JSON Schema of graph format v1, generated from the zod schema (the
 * single source of truth). `npm run schema` writes it to
 * public/schema/graph-v1.json for other tools; a unit test fails when the
 * committed file is stale.
 *
 * The JSON Schema is a little looser than parseGraph: it cannot say that ids
 * are unique, that edges name existing nodes and ports, or that
 * run.warmupMs < run.durationMs.
 *
 * Pure: no DOM, no React, no store, no file system.
 */
import { z } from 'zod';

import { GRAPH_FORMAT, GRAPH_VERSION, graphSchema } from './schema.ts';

/** The schema's `$id` (a name, not a download address: the file ships as /schema/graph-v1.json). */
export const GRAPH_JSON_SCHEMA_ID = 'urn:flowbench:schema:graph-v1';

type JsonObject = { [key: string]: unknown };

const isObject = (v: unknown): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Objects of the format reject unknown keys except `x-` extensions. zod emits
 * loose objects as `additionalProperties: {}`; this states the real rule.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (!isObject(node)) return;
  if (node.type === 'object' && isObject(node.properties)) {
    node.patternProperties = { '^x-': {} };
    node.additionalProperties = false;
  }
  for (const value of Object.values(node)) closeObjects(value);
}

/**
 * Fields version 1 documents may still carry, which parseGraph removes with
 * a warning (validate.ts `retireFields`): listed as deprecated so older
 * documents stay valid against the schema too.
 */
function retiredFields(schema: JsonObject): void {
  const edges = (schema.properties as JsonObject | undefined)?.edges as JsonObject | undefined;
  const props = (edges?.items as JsonObject | undefined)?.properties;
  if (!isObject(props)) return;
  props.autoSize = {
    type: 'boolean',
    deprecated: true,
    description: 'Retired: it never changed a run. Removed on import, with a warning when true.',
  };
}

/**
 * Builds the JSON Schema (draft 2020-12) of a graph document as a person may
 * write it (defaults optional). Deterministic: the same build gives the same
 * object, so the committed file can be compared with it.
 * @returns a plain JSON object, ready for `JSON.stringify`
 */
export function graphJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(graphSchema, { io: 'input' }) as JsonObject;
  closeObjects(generated);
  retiredFields(generated);
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: GRAPH_JSON_SCHEMA_ID,
    title: `Flowbench graph, version ${GRAPH_VERSION}`,
    description: `A dataflow pipeline for Flowbench ("format": "${GRAPH_FORMAT}"). Times are in milliseconds, rates in messages per second, sizes in bytes. Keys starting with "x-" are extensions and are kept. See docs/graph-format.md.`,
    ...rest,
  };
}
