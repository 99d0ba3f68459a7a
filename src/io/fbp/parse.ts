/**
 * Import phase 1, parse: reads a raw FBP / NoFlo JSON document leniently
 * (see docs: fbp-import.md, "What real files do") into a normalized form:
 * processes with their ids, components, metadata, positions, the port names
 * they were seen with and their IIPs; edges between existing processes, each
 * once; exported ports, groups and what else has no Flowbench counterpart.
 * Knows nothing of node kinds.
 *
 * Fails only for a non-object document, a `connections` that is not an
 * array, or a `processes` that is neither an object nor empty; everything
 * else it skips, merges or keeps and says so in `notes`, one sentence per
 * kind of approximation.
 *
 * Contract: pure (no DOM, no store); never throws on any input.
 */
import { describeValue, type GraphIssue, LIMITS } from '../../graph/index.ts';
import {
  isObj,
  isPortRef,
  listNames,
  type Obj,
  plural,
  readEndpoint,
  readPoint,
} from './shared.ts';
import type {
  FbpEndpoint,
  FbpGraphExtension,
  FbpGroup,
  FbpKeptIip,
  FbpMetadata,
  FbpNamedPort,
  Point,
} from './types.ts';

/** A process of the file, normalized. */
export interface ParsedProcess {
  /** The FBP process id (a key of `processes`), which edges refer to. */
  fbpId: string;
  /** The Flowbench node id: `fbpId`, or a fresh `fbp-node-N` when Flowbench cannot hold it. */
  id: string;
  /** The component name; `''` when the file gave none. */
  component: string;
  /** A copy of the process metadata, when it was an object. */
  metadata?: FbpMetadata;
  /** `metadata.x` / `metadata.y`, when both are finite numbers (or spell them). */
  position?: Point;
  /** FBP port names seen on this process, first spelling of each (case folded unless caseSensitive). */
  inPorts: string[];
  outPorts: string[];
  /** IIPs sent to this process, in file order. */
  iips: FbpKeptIip[];
}

/** A connection between two existing processes; ends name processes by `fbpId`. */
export interface ParsedEdge {
  src: FbpEndpoint;
  tgt: FbpEndpoint;
  metadata?: FbpMetadata;
}

/** The document, normalized. */
export interface ParsedFbp {
  /** Port names compare exactly (`caseSensitive: true`), else case-insensitively. */
  caseSensitive: boolean;
  /** In file order. */
  processes: ParsedProcess[];
  /** In file order; exact duplicates and dangling ones left out. */
  edges: ParsedEdge[];
  /** Properties, exported ports, groups and legacy exports, kept for export as `x-fbp`. */
  graph: FbpGraphExtension;
}

/** The outcome of `parseFbp`. */
export type ParseResult =
  { ok: true; fbp: ParsedFbp; notes: string[] } | { ok: false; errors: GraphIssue[] };

type PortSide = 'inPorts' | 'outPorts';

const KNOWN_TOP_LEVEL = new Set([
  'properties',
  'caseSensitive',
  'processes',
  'connections',
  'inports',
  'outports',
  'groups',
  'exports',
]);

const fail = (path: string, message: string): ParseResult => ({
  ok: false,
  errors: [{ path, message }],
});

/**
 * Reads a parsed JSON value as an FBP graph.
 * @returns the normalized graph and one sentence per kind of approximation,
 *   or the one reason it cannot be read (`path` names the offending key).
 * @example parseFbp({ processes: { a: { component: 'core/Output' } } }) // ok, no notes
 */
export function parseFbp(doc: unknown): ParseResult {
  if (!isObj(doc)) return fail('', `must be a JSON object (got ${describeValue(doc)})`);
  if (doc.connections !== undefined && !Array.isArray(doc.connections)) {
    return fail('connections', `must be an array (got ${describeValue(doc.connections)})`);
  }
  const emptyArray = Array.isArray(doc.processes) && doc.processes.length === 0;
  if (doc.processes !== undefined && !isObj(doc.processes) && !emptyArray) {
    return fail(
      'processes',
      `must be an object of processes by id (got ${describeValue(doc.processes)})`,
    );
  }

  const notes: string[] = [];
  const caseSensitive = doc.caseSensitive === true;

  const unknownKeys = Object.keys(doc).filter((k) => !KNOWN_TOP_LEVEL.has(k));
  if (unknownKeys.length > 0)
    notes.push(`Ignored unknown top-level keys ${listNames(unknownKeys)}.`);

  const properties: Obj = isObj(doc.properties) ? { ...doc.properties } : {};
  if (doc.properties !== undefined && !isObj(doc.properties)) {
    notes.push('"properties" was not an object and was treated as empty.');
  }

  const processes = readProcesses(isObj(doc.processes) ? doc.processes : {}, notes);
  const refs = new ProcessRefs(processes, caseSensitive);
  const connections = Array.isArray(doc.connections) ? (doc.connections as unknown[]) : [];
  const edges = readConnections(connections, refs, notes);
  const inports = readExported(doc, 'inports', refs, notes);
  const outports = readExported(doc, 'outports', refs, notes);
  const groups = readGroups(doc.groups, refs, notes);

  const graph: FbpGraphExtension = { properties, inports, outports, groups };
  if (typeof doc.caseSensitive === 'boolean') graph.caseSensitive = doc.caseSensitive;
  if (Array.isArray(doc.exports)) {
    graph.exports = doc.exports as unknown[];
    if (doc.exports.length > 0) {
      notes.push(
        `Kept the legacy "exports" array (${plural(doc.exports.length, 'entry', 'entries')}) for export as is; it is not converted to graph ports.`,
      );
    }
  }
  return { ok: true, fbp: { caseSensitive, processes, edges, graph }, notes };
}

/** Processes in file order, with Flowbench ids, components, metadata and positions. */
function readProcesses(raw: Obj, notes: string[]): ParsedProcess[] {
  const fbpIds = Object.keys(raw);
  const usedIds = new Set(fbpIds);
  const renamed: string[] = [];
  const missingComponent: string[] = [];
  let generated = 0;
  const processes = fbpIds.map((fbpId): ParsedProcess => {
    let id = fbpId;
    if (fbpId.length < 1 || fbpId.length > LIMITS.maxIdLength) {
      do id = `fbp-node-${++generated}`;
      while (usedIds.has(id));
      usedIds.add(id);
      renamed.push(fbpId.length > 40 ? `${fbpId.slice(0, 40)}…` : fbpId);
    }
    const entry = raw[fbpId];
    let component = '';
    if (typeof entry === 'string') component = entry;
    else if (isObj(entry) && typeof entry.component === 'string') component = entry.component;
    if (component === '') missingComponent.push(fbpId);
    const metadata = isObj(entry) && isObj(entry.metadata) ? { ...entry.metadata } : undefined;
    const position = readPoint(metadata);
    return {
      fbpId,
      id,
      component,
      ...(metadata !== undefined && { metadata }),
      ...(position !== undefined && { position }),
      inPorts: [],
      outPorts: [],
      iips: [],
    };
  });
  if (renamed.length > 0) {
    notes.push(
      `${plural(renamed.length, 'process id')} could not be used as node ids (empty or over ${LIMITS.maxIdLength} characters) and got new ids; the original is written back on export: ${listNames(renamed)}.`,
    );
  }
  if (missingComponent.length > 0) {
    notes.push(
      `${plural(missingComponent.length, 'process', 'processes')} had no component name: ${listNames(missingComponent)}.`,
    );
  }
  return processes;
}

/**
 * Finds the process a connection, exported port or group names, and records
 * the port names each process is seen with.
 */
class ProcessRefs {
  private readonly byId = new Map<string, ParsedProcess>();
  private readonly byLowerId = new Map<string, ParsedProcess | null>();
  /** Port keys seen on each side of each process. */
  private readonly seen = new Map<ParsedProcess, Record<PortSide, Set<string>>>();

  constructor(
    processes: readonly ParsedProcess[],
    private readonly caseSensitive: boolean,
  ) {
    for (const p of processes) {
      this.byId.set(p.fbpId, p);
      const lower = p.fbpId.toLowerCase();
      this.byLowerId.set(lower, this.byLowerId.has(lower) ? null : p);
      this.seen.set(p, { inPorts: new Set(), outPorts: new Set() });
    }
  }

  /** The process `ref` names: its exact id, else the one id equal to it case-insensitively. */
  resolve(ref: string): ParsedProcess | undefined {
    return this.byId.get(ref) ?? this.byLowerId.get(ref.toLowerCase()) ?? undefined;
  }

  /** A port name as compared: folded to lower case unless the graph is case-sensitive. */
  portKey(port: string): string {
    return this.caseSensitive ? port : port.toLowerCase();
  }

  /** Adds `port` to the process's port names on `side`, unless seen there already. */
  see(process: ParsedProcess, side: PortSide, port: string): void {
    const keys = this.seen.get(process)![side];
    if (keys.has(this.portKey(port))) return;
    keys.add(this.portKey(port));
    process[side].push(port);
  }
}

/** Edges in file order (each once); IIPs go onto their target processes. */
function readConnections(
  connections: readonly unknown[],
  refs: ProcessRefs,
  notes: string[],
): ParsedEdge[] {
  const edges: ParsedEdge[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const dangling: string[] = [];
  const malformed: number[] = [];
  connections.forEach((conn, i) => {
    if (!isObj(conn)) return void malformed.push(i);
    const metadata = isObj(conn.metadata) ? { ...conn.metadata } : undefined;
    const tgt = readEndpoint(conn.tgt);
    if (tgt === undefined) return void malformed.push(i);
    const to = refs.resolve(tgt.process);
    if (Object.hasOwn(conn, 'data')) {
      // An IIP whatever its data: "", 0, false, null and objects are all real packets.
      if (to === undefined) return void dangling.push(`IIP → ${tgt.process}.${tgt.port}`);
      to.iips.push({
        port: tgt.port,
        ...(tgt.index !== undefined && { index: tgt.index }),
        data: conn.data,
        ...(metadata !== undefined && { metadata }),
      });
      refs.see(to, 'inPorts', tgt.port);
      return;
    }
    const src = readEndpoint(conn.src);
    if (src === undefined) return void malformed.push(i);
    const from = refs.resolve(src.process);
    const label = `${src.process}.${src.port} → ${tgt.process}.${tgt.port}`;
    if (from === undefined || to === undefined) return void dangling.push(label);
    const key = [
      from.fbpId,
      refs.portKey(src.port),
      src.index,
      to.fbpId,
      refs.portKey(tgt.port),
      tgt.index,
    ].join('\u0000');
    if (seen.has(key)) return void duplicates.push(label);
    seen.add(key);
    const edge: ParsedEdge = {
      src: { ...src, process: from.fbpId },
      tgt: { ...tgt, process: to.fbpId },
    };
    if (metadata !== undefined) edge.metadata = metadata;
    edges.push(edge);
    refs.see(from, 'outPorts', src.port);
    refs.see(to, 'inPorts', tgt.port);
  });
  if (malformed.length > 0) {
    notes.push(
      `Skipped ${plural(malformed.length, 'connection')} without a usable src/tgt {process, port} (connections[${malformed.slice(0, 5).join('], [')}]${malformed.length > 5 ? ', …' : ''}).`,
    );
  }
  if (dangling.length > 0) {
    notes.push(
      `Dropped ${plural(dangling.length, 'connection')} naming processes that do not exist: ${listNames(dangling)}.`,
    );
  }
  if (duplicates.length > 0) {
    notes.push(
      `Merged ${plural(duplicates.length, 'duplicate connection')}: ${listNames(duplicates)}.`,
    );
  }
  return edges;
}

/** `inports` or `outports` as a list; the ports they name count as seen on their processes. */
function readExported(
  doc: Obj,
  key: 'inports' | 'outports',
  refs: ProcessRefs,
  notes: string[],
): FbpNamedPort[] {
  const raw = doc[key];
  if (raw === undefined) return [];
  if (!isObj(raw)) {
    if (!(Array.isArray(raw) && raw.length === 0)) {
      notes.push(`"${key}" was not an object and was treated as empty.`);
    }
    return [];
  }
  const out: FbpNamedPort[] = [];
  const bad: string[] = [];
  for (const name of Object.keys(raw)) {
    const ep = raw[name];
    if (!isPortRef(ep)) {
      bad.push(name);
      continue;
    }
    const port: FbpNamedPort = { name, process: ep.process, port: ep.port };
    if (isObj(ep.metadata)) port.metadata = { ...ep.metadata };
    out.push(port);
    const process = refs.resolve(ep.process);
    if (process !== undefined)
      refs.see(process, key === 'inports' ? 'inPorts' : 'outPorts', ep.port);
  }
  if (bad.length > 0) {
    notes.push(`Skipped ${key} without a process and port: ${listNames(bad)}.`);
  }
  return out;
}

/** Groups with a name, kept as written (member ids that name no process included). */
function readGroups(raw: unknown, refs: ProcessRefs, notes: string[]): FbpGroup[] {
  const groups: FbpGroup[] = [];
  if (!Array.isArray(raw)) {
    if (raw !== undefined) notes.push('"groups" was not an array and was treated as empty.');
    return groups;
  }
  const missing = new Set<string>();
  let skipped = 0;
  for (const g of raw as unknown[]) {
    if (!isObj(g) || typeof g.name !== 'string') {
      skipped++;
      continue;
    }
    const nodes = Array.isArray(g.nodes)
      ? (g.nodes as unknown[]).filter((n): n is string => typeof n === 'string')
      : [];
    for (const n of nodes) if (refs.resolve(n) === undefined) missing.add(n);
    const group: FbpGroup = { name: g.name, nodes };
    if (isObj(g.metadata)) group.metadata = { ...g.metadata };
    groups.push(group);
  }
  if (skipped > 0) notes.push(`Skipped ${plural(skipped, 'group')} without a name.`);
  if (missing.size > 0) {
    notes.push(
      `Groups name ${plural(missing.size, 'process', 'processes')} that do not exist (kept as written): ${listNames([...missing])}.`,
    );
  }
  return groups;
}
