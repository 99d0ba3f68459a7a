/**
 * Import phase 2, map: gives each parsed process a node kind and params, and
 * each edge a Flowbench port at both ends, from the kinds' `fbp` declarations
 * (src/kinds/kind.ts): which components a kind stands for, its params for a
 * number of connected inputs and outputs, numbered ports and port synonyms.
 * Any other component, and a process whose connections do not fit its kind,
 * becomes the fallback kind (a pass-through Function). Says what it
 * approximated in `notes`.
 *
 * Contract: pure (no DOM, no store). Reads no kind by name: every decision
 * goes through the declarations.
 */
import {
  edgeSchema,
  isNodeKind,
  kindDef,
  type NodeKind,
  type NodePorts,
  runSchema,
  targetsSchema,
} from '../../graph/index.ts';
import { type AnyKindDef, kindList } from '../../kinds/index.ts';
import { countUp, listNames, plural } from './shared.ts';
import type { ParsedFbp, ParsedProcess } from './parse.ts';

type FbpRule = NonNullable<AnyKindDef['fbp']>;
const fbpKinds = kindList.filter((d) => d.fbp !== undefined);
/** The kind an FBP component without a kind of its own becomes (a pass-through Function). */
const fallbackKind = fbpKinds.find((d) => d.fbp?.fallback === true)!;
const fbpRule = (kind: NodeKind): FbpRule => kindDef(kind).fbp ?? fallbackKind.fbp!;

/**
 * The kind a component name maps to by name alone (tried against the
 * component's last path segment, `core/Repeat` → `Repeat`, case-insensitively),
 * or the fallback kind. A node whose connections do not fit the kind (a source
 * with incoming edges, a sink with outgoing ones) falls back as well.
 * @example kindForComponent('dom/GetElement') // the fallback kind
 */
export function kindForComponent(component: string): NodeKind {
  const base = component.slice(component.lastIndexOf('/') + 1);
  return (fbpKinds.find((d) => d.fbp?.component?.test(base) === true) ?? fallbackKind).kind;
}

/** What `mapFbp` reads: the parsed graph, or the parts of it mapping needs. */
export interface MapInput {
  caseSensitive: ParsedFbp['caseSensitive'];
  processes: readonly Pick<ParsedProcess, 'fbpId' | 'component' | 'iips' | 'metadata'>[];
  edges: ParsedFbp['edges'];
  /** The graph's properties (for the run settings and targets a Flowbench export kept). */
  graph?: Pick<ParsedFbp['graph'], 'properties'>;
}

/** A process as a Flowbench node. */
export interface MappedNode {
  kind: NodeKind;
  /** Params from the kind's FBP rule; defaults are filled when the graph is validated. */
  params: Record<string, unknown>;
}

/** The Flowbench ports an edge connects, and its settings when the file kept them. */
export interface MappedEdge {
  fromPort: string;
  toPort: string;
  /** Edge settings (capacity, overflow, …) from `metadata.flowbench`, validated. */
  settings?: Record<string, unknown>;
}

/**
 * Where Flowbench's FBP export keeps what FBP cannot say: a process's kind and
 * params, an edge's settings, the graph's run settings and targets, under this
 * key of the metadata (processes, edges) or the properties (graph).
 */
export const FLOWBENCH_METADATA_KEY = 'flowbench';

/**
 * The kind and params a process gets from its component name and connection
 * counts alone (what import gives a file without Flowbench metadata).
 */
export function mappedByComponent(
  component: string,
  connections: { inputs: number; outputs: number },
): MappedNode & { misfit: boolean } {
  const kind = kindForComponent(component);
  const params = fbpRule(kind).params(connections);
  if (params !== undefined) return { kind, params, misfit: false };
  return {
    kind: fallbackKind.kind,
    params: fallbackKind.fbp!.params(connections)!,
    misfit: true,
  };
}

/**
 * The kind and params a process's `metadata.flowbench` keeps (written by
 * Flowbench's export), when they read as a known kind with valid params;
 * otherwise undefined and, when present but unusable, a reason.
 */
function keptNode(metadata: unknown): { node?: MappedNode; problem?: string } {
  if (typeof metadata !== 'object' || metadata === null) return {};
  const kept = (metadata as Record<string, unknown>)[FLOWBENCH_METADATA_KEY];
  if (kept === undefined) return {};
  if (typeof kept !== 'object' || kept === null) return { problem: 'not an object' };
  const { kind, params } = kept as Record<string, unknown>;
  if (typeof kind !== 'string' || !isNodeKind(kind)) {
    return { problem: `unknown kind ${String(kind).slice(0, 40)}` };
  }
  const parsed = kindDef(kind).params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `params.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { node: { kind, params: parsed.data as Record<string, unknown> } };
}

/** Run settings and targets a graph's `properties.flowbench` keeps, each validated. */
function keptGraphSettings(
  properties: Record<string, unknown> | undefined,
  notes: string[],
): { run?: unknown; targets?: unknown } | undefined {
  const kept = properties?.[FLOWBENCH_METADATA_KEY];
  if (typeof kept !== 'object' || kept === null) return undefined;
  const { run, targets } = kept as Record<string, unknown>;
  const out: { run?: unknown; targets?: unknown } = {};
  const problems: string[] = [];
  if (run !== undefined) {
    const r = runSchema.safeParse(run);
    if (r.success) out.run = run;
    else problems.push(`run.${r.error.issues[0]?.path.join('.') ?? ''}`);
  }
  if (targets !== undefined) {
    const t = targetsSchema.safeParse(targets);
    if (t.success) out.targets = targets;
    else problems.push(`targets.${t.error.issues[0]?.path.join('.') ?? ''}`);
  }
  if (problems.length > 0) {
    notes.push(
      `Ignored unusable Flowbench graph settings (defaults used): ${problems.join(', ')}.`,
    );
  }
  return out.run === undefined && out.targets === undefined ? undefined : out;
}

/** Edge settings an edge's `metadata.flowbench` keeps, validated against the edge schema. */
function keptEdgeSettings(metadata: unknown): {
  settings?: Record<string, unknown>;
  problem?: string;
} {
  if (typeof metadata !== 'object' || metadata === null) return {};
  const kept = (metadata as Record<string, unknown>)[FLOWBENCH_METADATA_KEY];
  if (kept === undefined) return {};
  if (typeof kept !== 'object' || kept === null) return { problem: 'not an object' };
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kept)) {
    if (k === 'id' || k === 'from' || k === 'to') continue;
    settings[k] = v;
  }
  const probe = { id: 'e', from: { node: 'a', port: 'p' }, to: { node: 'b', port: 'p' } };
  const parsed = edgeSchema.safeParse({ ...probe, ...settings });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { settings };
}

/** The outcome of `mapFbp`. */
export interface MapResult {
  /** Run settings and targets from `properties.flowbench`, validated. */
  settings?: { run?: unknown; targets?: unknown };
  /** One per process, in the order of `input.processes`. */
  nodes: MappedNode[];
  /** One per edge, in the order of `input.edges`. */
  edges: MappedEdge[];
  notes: string[];
}

/**
 * Maps processes to node kinds and params, and FBP ports to the kinds' ports:
 * a numbered side takes the n-th port for the n-th connection; otherwise the
 * port of the same name, else the one it is a synonym of, else the first.
 * @returns the nodes and edges (aligned with the input) and one sentence per
 *   kind of approximation. May throw only if a kind's FBP rule gives params
 *   its own schema rejects (`fbpToGraph` turns that into an error).
 */
export function mapFbp(input: MapInput): MapResult {
  const notes: string[] = [];
  const nodes = mapProcesses(input, notes);
  const edges = mapEdges(input, nodes, notes);
  const settings = keptGraphSettings(input.graph?.properties, notes);
  return { nodes, edges, notes, ...(settings !== undefined && { settings }) };
}

function mapProcesses({ processes, edges }: MapInput, notes: string[]): MappedNode[] {
  const inputs = new Map<string, number>();
  const outputs = new Map<string, number>();
  for (const e of edges) {
    countUp(inputs, e.tgt.process);
    countUp(outputs, e.src.process);
  }
  const unknownComponents = new Map<string, number>();
  const misfits: string[] = [];
  const mapped = new Set<string>();
  const restored: string[] = [];
  const unusable: string[] = [];
  const nodes = processes.map(({ fbpId, component, metadata }): MappedNode => {
    const kept = keptNode(metadata);
    if (kept.node !== undefined) {
      restored.push(fbpId);
      return kept.node;
    }
    if (kept.problem !== undefined) unusable.push(`${fbpId} (${kept.problem})`);
    const connections = { inputs: inputs.get(fbpId) ?? 0, outputs: outputs.get(fbpId) ?? 0 };
    const m = mappedByComponent(component, connections);
    if (m.misfit) misfits.push(`${fbpId} (${component} as ${kindForComponent(component)})`);
    if (m.kind === fallbackKind.kind) countUp(unknownComponents, component);
    else mapped.add(`${component} → ${m.kind}`);
    return { kind: m.kind, params: m.params };
  });

  if (restored.length > 0) {
    notes.push(
      `Restored the Flowbench kind and parameters a Flowbench export kept in the metadata of ${plural(restored.length, 'process', 'processes')}: ${listNames(restored)}.`,
    );
  }
  if (unusable.length > 0) {
    notes.push(
      `Ignored unusable Flowbench metadata (mapped by component instead): ${listNames(unusable)}.`,
    );
  }

  if (mapped.size > 0) {
    notes.push(
      `Mapped known components to Flowbench kinds with default parameters: ${[...mapped].join(', ')}.`,
    );
  }
  if (nodes.some((n) => kindDef(n.kind).role === 'generator')) {
    notes.push(
      'Generator components became sources emitting at the default rate; in FBP they send their IIPs once.',
    );
  }
  if (unknownComponents.size > 0) {
    const names = [...unknownComponents].map(([c, n]) =>
      n > 1 ? `${c || '(none)'} ×${n}` : c || '(none)',
    );
    notes.push(
      `${plural(
        [...unknownComponents.values()].reduce((a, b) => a + b, 0),
        'process',
        'processes',
      )} became pass-through Function nodes (component, ports and IIPs kept for export): ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.`,
    );
  }
  if (misfits.length > 0) {
    notes.push(
      `Became Function nodes because their connections do not fit the kind: ${listNames(misfits)}.`,
    );
  }
  const iipCount = processes.reduce((n, p) => n + p.iips.length, 0);
  if (iipCount > 0) {
    notes.push(
      `Kept ${plural(iipCount, 'IIP')} on their nodes for export; Flowbench does not send initial packets.`,
    );
  }
  return nodes;
}

function mapEdges(
  { caseSensitive, processes, edges }: MapInput,
  nodes: readonly MappedNode[],
  notes: string[],
): MappedEdge[] {
  const nodeOf = new Map(processes.map((p, i) => [p.fbpId, nodes[i]!]));
  const ports = new Map<string, NodePorts>();
  /** The ports of a process's node (computed when an edge first needs them). */
  const portsOf = (fbpId: string): NodePorts => {
    let p = ports.get(fbpId);
    if (p === undefined) {
      const node = nodeOf.get(fbpId)!;
      const def = kindDef(node.kind);
      ports.set(fbpId, (p = def.ports(def.params.parse(node.params))));
    }
    return p;
  };
  const rerouted: string[] = [];
  const ordinals = { inputs: new Map<string, number>(), outputs: new Map<string, number>() };
  const mapPort = (fbpId: string, fbpPort: string, side: 'inputs' | 'outputs'): string => {
    const ordinal = countUp(ordinals[side], fbpId);
    const rule = fbpRule(nodeOf.get(fbpId)!.kind);
    const candidates = portsOf(fbpId)[side];
    if (rule.numberedPorts === side) return candidates[ordinal] ?? candidates[0]!;
    const lower = fbpPort.toLowerCase();
    const exact = candidates.find((p) => (caseSensitive ? p === fbpPort : p === lower));
    const synonym = candidates.find((p) => rule.portSynonyms?.[p]?.includes(lower));
    const port = exact ?? synonym ?? candidates[0]!;
    if (rule.fallback !== true && port.toLowerCase() !== lower) {
      rerouted.push(`${fbpId}.${fbpPort} → ${port}`);
    }
    return port;
  };
  const unusable: string[] = [];
  const mapped = edges.map((e): MappedEdge => {
    const edge: MappedEdge = {
      fromPort: mapPort(e.src.process, e.src.port, 'outputs'),
      toPort: mapPort(e.tgt.process, e.tgt.port, 'inputs'),
    };
    const kept = keptEdgeSettings(e.metadata);
    if (kept.settings !== undefined) edge.settings = kept.settings;
    if (kept.problem !== undefined) {
      unusable.push(
        `${e.src.process}.${e.src.port} → ${e.tgt.process}.${e.tgt.port} (${kept.problem})`,
      );
    }
    return edge;
  });
  if (unusable.length > 0) {
    notes.push(`Ignored unusable Flowbench edge settings (defaults used): ${listNames(unusable)}.`);
  }
  if (rerouted.length > 0) {
    notes.push(
      `Connected ${plural(rerouted.length, 'FBP port')} the node kind lacks to its nearest port (names kept for export): ${listNames(rerouted)}.`,
    );
  }
  return mapped;
}
