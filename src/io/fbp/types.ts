/**
 * Types of FBP / NoFlo JSON graphs (flowbased/fbp `schema/graph.json`, as
 * NoFlo's `toJSON` writes them) and of the `x-fbp` extension fields a
 * Flowbench graph keeps so that export gives back an equivalent FBP file.
 *
 * Contract: types and one constant only; no code that runs.
 */
import type { Graph, GraphIssue } from '../../graph/index.ts';

// ---------------------------------------------------------------------------
// FBP JSON

/** Free-form metadata on a process, connection, exported port or group. */
export type FbpMetadata = Record<string, unknown>;
/** One end of a connection; `index` addresses one connection of an array port. */
export interface FbpEndpoint {
  process: string;
  port: string;
  index?: number;
}
/** A connection between two processes. */
export interface FbpEdge {
  src: FbpEndpoint;
  tgt: FbpEndpoint;
  metadata?: FbpMetadata;
}
/** An initial information packet: data sent to a port once at start. */
export interface FbpIip {
  data: unknown;
  tgt: FbpEndpoint;
  metadata?: FbpMetadata;
}
/** An entry of `connections`: an edge, or an IIP (it has a `data` key). */
export type FbpConnection = FbpEdge | FbpIip;
/** A process: an instance of a component (a subgraph is just another component name). */
export interface FbpProcess {
  component: string;
  metadata?: FbpMetadata;
}
/** A graph port (`inports` / `outports`): which process port it stands for. */
export interface FbpExportedPort {
  process: string;
  port: string;
  metadata?: FbpMetadata;
}
/** A named set of process ids. */
export interface FbpGroup {
  name: string;
  nodes: string[];
  metadata?: FbpMetadata;
}
/** An FBP JSON graph as export writes it (every key present but `caseSensitive` and `exports`). */
export interface FbpGraph {
  caseSensitive?: boolean;
  properties: Record<string, unknown>;
  inports: Record<string, FbpExportedPort>;
  outports: Record<string, FbpExportedPort>;
  groups: FbpGroup[];
  processes: Record<string, FbpProcess>;
  connections: FbpConnection[];
  /** Legacy (pre-2017) exported ports; written back only when the imported file had them. */
  exports?: unknown[];
}

// ---------------------------------------------------------------------------
// Extension fields kept on the Flowbench graph

/** The key of the extension field on the graph, its nodes and its edges. */
export const FBP_EXTENSION_KEY = 'x-fbp';

/** A position on the canvas. */
export interface Point {
  x: number;
  y: number;
}

/** An IIP as kept on its target node: the port, index, data and metadata it had. */
export interface FbpKeptIip {
  port: string;
  index?: number;
  data: unknown;
  metadata?: FbpMetadata;
}
/** `x-fbp` on a node: what the FBP process was. */
export interface FbpNodeExtension {
  component: string;
  /** FBP port names seen on this process (connections, IIPs, exported ports). */
  inPorts: string[];
  outPorts: string[];
  iips: FbpKeptIip[];
  /** The process metadata as it was (x/y included); absent if the file had none. */
  metadata?: FbpMetadata;
  /** The FBP process id, when it could not be used as the Flowbench id as is. */
  id?: string;
  /** The position auto-layout gave a node that had none; not written back while unchanged. */
  autoPosition?: Point;
}
/** `x-fbp` on an edge: the FBP port names and indices. */
export interface FbpEdgeExtension {
  srcPort: string;
  srcIndex?: number;
  tgtPort: string;
  tgtIndex?: number;
  metadata?: FbpMetadata;
}
/** An exported port with its public name, as kept in the graph's `x-fbp`. */
export type FbpNamedPort = { name: string } & FbpExportedPort;
/** `x-fbp` on the graph: what has no Flowbench counterpart. */
export interface FbpGraphExtension {
  properties: Record<string, unknown>;
  caseSensitive?: boolean;
  inports: FbpNamedPort[];
  outports: FbpNamedPort[];
  groups: FbpGroup[];
  exports?: unknown[];
}

/** What `fbpToGraph` returns: the graph and one sentence per kind of approximation, or why not. */
export type FbpImportResult =
  { ok: true; graph: Graph; approximations: string[] } | { ok: false; errors: GraphIssue[] };
