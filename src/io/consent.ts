/**
 * Which user code a graph would run, and which of it a person has approved.
 * A graph opened from a file or a link may carry Function nodes with
 * arbitrary JavaScript; it must not run before the person has seen the code
 * and agreed. Approval follows the code, not the session: it is recorded as
 * the SHA-256 of each exact code text, so any path that brings code back
 * (undo, paste, autosave, a link opened again) finds it approved only if that
 * very text was, and any edit by someone else needs a new approval.
 *
 * Contract: pure (no DOM, no store); storage is injected.
 */
import { sha256Hex } from '../core/sha256.ts';
import { type Graph, kindDef } from '../graph/index.ts';

export interface FunctionCode {
  nodeId: string;
  /** The node's label, or its id when it has none. */
  label: string;
  code: string;
  /** SHA-256 (hex) of the code: what an approval records. */
  digest: string;
}

/** Code that runs nothing of the user's: the pass-through default, or blank. */
const HARMLESS_CODE = /^\s*(return\s+msg\s*;?)?\s*$/;

const digests = new Map<string, string>();
const MAX_CACHED_DIGESTS = 256;

/** SHA-256 (hex) of a code text, cached (selectors ask on every render). */
export function codeDigest(code: string): string {
  let d = digests.get(code);
  if (d === undefined) {
    d = sha256Hex(code);
    if (digests.size >= MAX_CACHED_DIGESTS) digests.delete(digests.keys().next().value!);
    digests.set(code, d);
  }
  return d;
}

/**
 * Nodes whose code is not the default pass-through (`return msg;`,
 * whitespace and the semicolon aside), in node order.
 */
export function functionCode(graph: Pick<Graph, 'nodes'>): FunctionCode[] {
  const out: FunctionCode[] = [];
  for (const node of graph.nodes) {
    const code = kindDef(node.kind).code?.(node.params);
    if (code === undefined || HARMLESS_CODE.test(code)) continue;
    out.push({ nodeId: node.id, label: node.label ?? node.id, code, digest: codeDigest(code) });
  }
  return out;
}

/** The nodes whose exact code has not been approved. */
export function unapprovedCode(
  graph: Pick<Graph, 'nodes'>,
  approved: ReadonlySet<string>,
): FunctionCode[] {
  return functionCode(graph).filter((f) => !approved.has(f.digest));
}

/** "“Tag” (fn), “Score” (f2) and 3 more": nodes named for a sentence. */
export function describeCodeNodes(list: readonly FunctionCode[], max = 3): string {
  const names = list
    .slice(0, max)
    .map((f) => (f.label === f.nodeId ? `“${f.nodeId}”` : `“${f.label}” (${f.nodeId})`));
  const more = list.length > max ? ` and ${list.length - max} more` : '';
  return `${names.join(', ')}${more}`;
}

/** Where approvals are kept between visits (localStorage in the app). */
export interface ApprovalStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const APPROVALS_KEY = 'flowbench.approvedCode';
/** Approvals kept; the oldest are forgotten first (their code then asks again). */
export const MAX_APPROVALS = 512;

const DIGEST = /^[0-9a-f]{64}$/;

/** The approvals saved in `storage` (an unreadable or foreign value reads as none). */
export function loadApprovals(storage: ApprovalStorage): Set<string> {
  try {
    const raw: unknown = JSON.parse(storage.getItem(APPROVALS_KEY) ?? '[]');
    if (!Array.isArray(raw)) return new Set();
    return new Set(raw.filter((d): d is string => typeof d === 'string' && DIGEST.test(d)));
  } catch {
    return new Set();
  }
}

/** Saves the newest `MAX_APPROVALS` approvals (insertion order: oldest first). */
export function saveApprovals(storage: ApprovalStorage, approved: ReadonlySet<string>): void {
  const list = [...approved].slice(-MAX_APPROVALS);
  storage.setItem(APPROVALS_KEY, JSON.stringify(list));
}
