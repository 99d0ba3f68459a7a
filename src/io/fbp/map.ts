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
import { kindDef, type NodeKind, type NodePorts } from '../../graph/index.ts';
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
  processes: readonly Pick<ParsedProcess, 'fbpId' | 'component' | 'iips'>[];
  edges: ParsedFbp['edges'];
}

/** A process as a Flowbench node. */
export interface MappedNode {
  kind: NodeKind;
  /** Params from the kind's FBP rule; defaults are filled when the graph is validated. */
  params: Record<string, unknown>;
}

/** The Flowbench ports an edge connects. */
export interface MappedEdge {
  fromPort: string;
  toPort: string;
}

/** The outcome of `mapFbp`. */
export interface MapResult {
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
  return { nodes, edges, notes };
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
  const nodes = processes.map(({ fbpId, component }): MappedNode => {
    let kind = kindForComponent(component);
    const connections = { inputs: inputs.get(fbpId) ?? 0, outputs: outputs.get(fbpId) ?? 0 };
    let params = fbpRule(kind).params(connections);
    if (params === undefined) {
      misfits.push(`${fbpId} (${component} as ${kind})`);
      kind = fallbackKind.kind;
      params = fallbackKind.fbp!.params(connections)!;
    }
    if (kind === fallbackKind.kind) countUp(unknownComponents, component);
    else mapped.add(`${component} → ${kind}`);
    return { kind, params };
  });

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
  const mapped = edges.map((e): MappedEdge => ({
    fromPort: mapPort(e.src.process, e.src.port, 'outputs'),
    toPort: mapPort(e.tgt.process, e.tgt.port, 'inputs'),
  }));
  if (rerouted.length > 0) {
    notes.push(
      `Connected ${plural(rerouted.length, 'FBP port')} the node kind lacks to its nearest port (names kept for export): ${listNames(rerouted)}.`,
    );
  }
  return mapped;
}
