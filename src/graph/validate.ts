/**
 * parseGraph: text or a parsed value in, a valid graph (defaults filled) or a
 * list of errors out. Never throws, whatever the input.
 *
 * Pure: no DOM, no React, no store.
 */
import type { z } from 'zod';

import { describeValue, formatPath, type GraphIssue } from './issues.ts';
import { jsonSyntaxError } from './json-error.ts';
import { migrate, type Migration, MIGRATIONS } from './migrate.ts';
import { type Graph, type GraphEdge, type GraphNode, kindDef, portsOf } from './model.ts';
import { capacityWarning } from './capacity.ts';
import {
  edgeSchema,
  GRAPH_FORMAT,
  GRAPH_VERSION,
  graphSchema,
  LIMITS,
  nodeKinds,
  nodeSchema,
  runSchema,
  targetsSchema,
} from './schema.ts';

export { describeValue, formatPath, type GraphIssue };

export type ParseResult =
  | {
      ok: true;
      graph: Graph;
      /** Things that are allowed but worth saying (cycles, unconnected ports). */
      warnings: GraphIssue[];
      /** Set when the document was written in an older version and migrated. */
      migratedFrom?: number;
    }
  | { ok: false; errors: GraphIssue[] };

/** Largest document text accepted, in characters (UTF-16 code units). */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;
/** At most this many errors are reported; the rest are summarised in one line. */
export const MAX_ERRORS = 50;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

const typeNames: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  int: 'a whole number',
};

function sentence(issue: z.core.$ZodIssue, got: unknown): string {
  const gotText = ` (got ${describeValue(got)})`;
  switch (issue.code) {
    case 'invalid_type':
      // A schema that says what shape it wants ("must be a distribution such as …").
      if (issue.message.startsWith('must be ')) return `${issue.message}${gotText}`;
      if (got === undefined) return `is required (${typeNames[issue.expected] ?? issue.expected})`;
      return `must be ${typeNames[issue.expected] ?? issue.expected}${gotText}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return `must not be empty${gotText}`;
      if (issue.origin === 'array') return `must have at least ${min} items${gotText}`;
      return `must be a number ${issue.inclusive ? '≥' : '>'} ${min}${gotText}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters${gotText}`;
      if (issue.origin === 'array') return `must have at most ${max} items${gotText}`;
      return `must be a number ${issue.inclusive ? '≤' : '<'} ${max}${gotText}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${gotText}`;
    case 'invalid_union':
      return issue.message !== 'Invalid input'
        ? `${issue.message}${gotText}`
        : `does not match any allowed form${gotText}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}${gotText}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}${gotText}`;
    case 'unrecognized_keys':
      return issue.message.startsWith('unknown field') ? issue.message : 'unknown field';
    case 'custom':
      return (issue.params as { flowbench?: string } | undefined)?.flowbench === 'unknown_field'
        ? issue.message
        : `${issue.message}${gotText}`;
    default:
      return `${issue.message}${gotText}`;
  }
}

/** Zod issues → path + sentence; an unknown node kind is named once, with the allowed kinds. */
function flattenIssues(issues: readonly z.core.$ZodIssue[], input: unknown): GraphIssue[] {
  const out: GraphIssue[] = [];
  for (const issue of issues) {
    const got = valueAt(input, issue.path);
    if (
      issue.code === 'invalid_union' &&
      (issue as { note?: string }).note === 'No matching discriminator'
    ) {
      out.push({
        path: formatPath(issue.path),
        message:
          got === undefined
            ? `is required (one of ${nodeKinds.join(', ')})`
            : `must be one of ${nodeKinds.join(', ')} (got ${describeValue(got)})`,
      });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      // One error per key, at the key itself, so each can be found and fixed.
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: sentence(issue, got) });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), message: sentence(issue, got) });
  }
  return out;
}

/** The parts of a document that parsed, at their indices (a node may be known only by id and kind). */
interface Parts {
  run: Pick<Graph['run'], 'warmupMs' | 'durationMs'> | undefined;
  /** Every node has an id: an endpoint naming no node is an error of its own. */
  allIds: boolean;
  nodes: { index: number; id: string; kind: string; node: GraphNode | undefined }[];
  edges: { index: number; edge: GraphEdge }[];
  /** Sinks the targets name (`targets.sinks`). */
  targetSinks: readonly string[];
}

/**
 * Graph checks the schema cannot express (ids, endpoints, ports, run window)
 * over whatever parsed: a node whose params are invalid still has an id for
 * the endpoint checks, so every problem is reported in one round.
 */
function graphErrors(parts: Parts): {
  errors: GraphIssue[];
  connectedIn: Set<string>;
  connectedOut: Set<string>;
} {
  const errors: GraphIssue[] = [];
  const run = parts.run;
  if (run !== undefined && run.warmupMs >= run.durationMs) {
    errors.push({
      path: 'run.warmupMs',
      message: `must be less than run.durationMs (${run.durationMs}) (got ${run.warmupMs})`,
    });
  }
  const byId = new Map<string, Parts['nodes'][number]>();
  for (const entry of parts.nodes) {
    const first = byId.get(entry.id);
    if (first !== undefined) {
      errors.push({
        path: `nodes[${entry.index}].id`,
        message: `duplicate node id ${JSON.stringify(entry.id)} (also nodes[${first.index}])`,
      });
    } else byId.set(entry.id, entry);
  }
  const edgeIds = new Map<string, number>();
  const connectedIn = new Set<string>();
  const connectedOut = new Set<string>();
  for (const { edge, index } of parts.edges) {
    const first = edgeIds.get(edge.id);
    if (first !== undefined) {
      errors.push({
        path: `edges[${index}].id`,
        message: `duplicate edge id ${JSON.stringify(edge.id)} (also edges[${first}])`,
      });
    } else edgeIds.set(edge.id, index);
    for (const end of ['from', 'to'] as const) {
      const ref = edge[end];
      const target = byId.get(ref.node);
      if (target === undefined) {
        // When some node has no usable id, a dangling endpoint may be that node's: not repeated.
        if (parts.allIds)
          errors.push({
            path: `edges[${index}].${end}.node`,
            message: `names no node in this graph (got ${describeValue(ref.node)})`,
          });
        continue;
      }
      // Ports depend on params: a node whose params did not parse is not checked here.
      if (target.node === undefined) continue;
      const ports = portsOf(target.node);
      const allowed = end === 'from' ? ports.outputs : ports.inputs;
      if (!allowed.includes(ref.port)) {
        errors.push({
          path: `edges[${index}].${end}.port`,
          message:
            allowed.length === 0
              ? `a ${target.kind} node has no ${end === 'from' ? 'output' : 'input'} ports (got ${describeValue(ref.port)})`
              : `must be ${end === 'from' ? 'an output' : 'an input'} port of ${target.kind} node ${JSON.stringify(ref.node)}: ${allowed.join(', ')} (got ${describeValue(ref.port)})`,
        });
        continue;
      }
      (end === 'from' ? connectedOut : connectedIn).add(`${ref.node}\u0000${ref.port}`);
    }
  }
  parts.targetSinks.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined) {
      if (parts.allIds)
        errors.push({
          path: `targets.sinks[${i}]`,
          message: `names no node in this graph (got ${describeValue(id)})`,
        });
    } else if (node.node !== undefined && kindDef(node.node.kind).role !== 'collector') {
      errors.push({
        path: `targets.sinks[${i}]`,
        message: `must name a sink (a node that collects messages); ${JSON.stringify(id)} is a ${node.kind} node`,
      });
    }
  });
  return { errors, connectedIn, connectedOut };
}

/** The parts of a document that parse on their own (for a document that failed as a whole). */
function partsOf(doc: Record<string, unknown>): Parts {
  const nodes: Parts['nodes'] = [];
  if (Array.isArray(doc.nodes)) {
    doc.nodes.forEach((raw: unknown, index) => {
      const parsed = nodeSchema.safeParse(raw);
      if (parsed.success) {
        const node = parsed.data as GraphNode;
        nodes.push({ index, id: node.id, kind: node.kind, node });
        return;
      }
      const r = raw as { id?: unknown; kind?: unknown } | null;
      if (r !== null && typeof r === 'object' && typeof r.id === 'string')
        nodes.push({ index, id: r.id, kind: String(r.kind), node: undefined });
    });
  }
  const edges: Parts['edges'] = [];
  if (Array.isArray(doc.edges)) {
    doc.edges.forEach((raw: unknown, index) => {
      const parsed = edgeSchema.safeParse(raw);
      if (parsed.success) edges.push({ index, edge: parsed.data as GraphEdge });
    });
  }
  const run = runSchema.safeParse(doc.run ?? {});
  const allIds = Array.isArray(doc.nodes) && nodes.length === doc.nodes.length;
  const targets = targetsSchema.safeParse(doc.targets ?? {});
  const targetSinks = targets.success ? (targets.data.sinks ?? []) : [];
  return { run: run.success ? run.data : undefined, allIds, nodes, edges, targetSinks };
}

/** Checks the schema cannot express: ids, endpoints, ports, run window; and warnings. */
export function semanticIssues(graph: Graph): { errors: GraphIssue[]; warnings: GraphIssue[] } {
  const warnings: GraphIssue[] = [];
  const { errors, connectedIn, connectedOut } = graphErrors({
    run: graph.run,
    allIds: true,
    nodes: graph.nodes.map((node, index) => ({ index, id: node.id, kind: node.kind, node })),
    edges: graph.edges.map((edge, index) => ({ index, edge })),
    targetSinks: graph.targets?.sinks ?? [],
  });
  if (errors.length > 0) return { errors, warnings };

  graph.nodes.forEach((node, index) => {
    const ports = portsOf(node);
    const inputsOptional = kindDef(node.kind).inputsOptional === true;
    for (const port of ports.inputs) {
      if (!inputsOptional && !connectedIn.has(`${node.id}\u0000${port}`)) {
        warnings.push({
          path: `nodes[${index}]`,
          message: `input port "${port}" of ${JSON.stringify(node.id)} is not connected`,
        });
      }
    }
    if (
      ports.outputs[0] !== undefined &&
      !connectedOut.has(`${node.id}\u0000${ports.outputs[0]}`)
    ) {
      warnings.push({
        path: `nodes[${index}]`,
        message: `output port "${ports.outputs[0]}" of ${JSON.stringify(node.id)} is not connected: its messages are discarded`,
      });
    }
  });
  graph.edges.forEach((edge, index) => {
    const sentence = capacityWarning(graph, edge);
    if (sentence !== undefined)
      warnings.push({ path: `edges[${index}].capacity`, message: sentence });
  });
  const cycle = findCycle(graph);
  if (cycle !== undefined) {
    warnings.push({
      path: 'edges',
      message: `the graph has a cycle (${cycle.join(' → ')}); it can run, but if every ring in the cycle fills it deadlocks`,
    });
  }
  return { errors, warnings };
}

/** One cycle as a list of node ids (first repeated at the end), or undefined. Iterative DFS. */
export function findCycle(graph: Pick<Graph, 'nodes' | 'edges'>): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const n of graph.nodes) next.set(n.id, []);
  for (const e of graph.edges) next.get(e.from.node)?.push(e.to.node);
  const state = new Map<string, 1 | 2>(); // 1 = on stack, 2 = done
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: start.id, i: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const succ = next.get(top.id) ?? [];
      if (top.i < succ.length) {
        const to = succ[top.i++]!;
        const s = state.get(to);
        if (s === 1) {
          const from = stack.findIndex((f) => f.id === to);
          return [...stack.slice(from).map((f) => f.id), to];
        }
        if (s === undefined) {
          state.set(to, 1);
          stack.push({ id: to, i: 0 });
        }
      } else {
        state.set(top.id, 2);
        stack.pop();
      }
    }
  }
  return undefined;
}

function parseText(text: string): { ok: true; value: unknown } | { ok: false; error: GraphIssue } {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return {
      ok: false,
      error: {
        path: '',
        message: `document is too large (${text.length} characters; the limit is ${MAX_DOCUMENT_CHARS})`,
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const where = jsonSyntaxError(text);
    if (where === undefined) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { path: '', message: `is not valid JSON: ${detail}` } };
    }
    return {
      ok: false,
      error: {
        path: '',
        message: `is not valid JSON: ${where.reason} at line ${where.line}, column ${where.column}`,
        excerpt: where.excerpt,
      },
    };
  }
}

/**
 * Fields a version 1 document may carry that the format no longer has, so
 * such documents stay valid: each is removed, with a warning when it asked
 * for something. `edges[].autoSize` was accepted but never changed a run; it
 * was retired rather than left doing nothing.
 */
export function retireFields(doc: Record<string, unknown>): {
  doc: Record<string, unknown>;
  warnings: GraphIssue[];
} {
  const warnings: GraphIssue[] = [];
  if (!Array.isArray(doc.edges)) return { doc, warnings };
  let changed = false;
  const edges = doc.edges.map((raw: unknown, index) => {
    if (raw === null || typeof raw !== 'object' || !Object.hasOwn(raw, 'autoSize')) return raw;
    const { autoSize, ...rest } = raw as Record<string, unknown>;
    changed = true;
    if (autoSize !== false) {
      const id = typeof rest.id === 'string' ? ` ${JSON.stringify(rest.id)}` : '';
      const cap = typeof rest.capacity === 'number' ? rest.capacity : 1024;
      warnings.push({
        path: `edges[${index}].autoSize`,
        message: `autoSize is no longer part of the format (it never changed a run) and was removed: edge${id} keeps its capacity of ${cap} messages; set the capacity you want`,
      });
    }
    return rest;
  });
  return changed ? { doc: { ...doc, edges }, warnings } : { doc, warnings };
}

function capErrors(errors: GraphIssue[]): GraphIssue[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_ERRORS),
    { path: '', message: `… and ${errors.length - MAX_ERRORS} more errors` },
  ];
}

/**
 * Parses and validates a graph document: JSON text or an already parsed
 * value. Old versions are migrated; defaults are filled in.
 * Never throws.
 * @example
 * const r = parseGraph(text);
 * if (!r.ok) for (const e of r.errors) console.log(`${e.path}: ${e.message}`);
 */
export function parseGraph(
  input: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): ParseResult {
  try {
    let value = input;
    if (typeof input === 'string') {
      const parsed = parseText(input);
      if (!parsed.ok) return { ok: false, errors: [parsed.error] };
      value = parsed.value;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {
        ok: false,
        errors: [{ path: '', message: `must be a JSON object (got ${describeValue(value)})` }],
      };
    }
    const doc = value as Record<string, unknown>;
    if (doc.format !== GRAPH_FORMAT) {
      return {
        ok: false,
        errors: [
          {
            path: 'format',
            message: `must be "${GRAPH_FORMAT}" (got ${describeValue(doc.format)})`,
          },
        ],
      };
    }
    const migrated = migrate(doc, GRAPH_VERSION, migrations);
    if (!migrated.ok) return { ok: false, errors: [migrated.error] };
    const retired = retireFields(migrated.doc);
    migrated.doc = retired.doc;
    const result = graphSchema.safeParse(migrated.doc);
    if (!result.success) {
      // Every problem at once: the graph checks run on the parts that did parse.
      const schemaErrors = flattenIssues(result.error.issues, migrated.doc);
      const seen = new Set(schemaErrors.map((e) => e.path));
      const more = graphErrors(partsOf(migrated.doc)).errors.filter((e) => !seen.has(e.path));
      return { ok: false, errors: capErrors([...schemaErrors, ...more]) };
    }
    const graph = result.data as Graph;
    const { errors, warnings: graphWarnings } = semanticIssues(graph);
    if (errors.length > 0) return { ok: false, errors: capErrors(errors) };
    const warnings = [...retired.warnings, ...graphWarnings];
    return migrated.from === undefined
      ? { ok: true, graph, warnings }
      : { ok: true, graph, warnings, migratedFrom: migrated.from };
  } catch (err) {
    // Defence in depth: a validator bug must surface as an error, not a crash.
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `could not be validated: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
    };
  }
}

/** For tests and tools: the limits the validator enforces. */
export { LIMITS };
