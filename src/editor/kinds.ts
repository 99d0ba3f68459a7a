/**
 * The editor sides of all node kinds, found in `src/kinds/<kind>/editor.ts`
 * (Vite's import.meta.glob, resolved at build time), so adding a kind is one
 * folder and one line in `src/kinds/index.ts`. A unit test checks that every
 * kind has one.
 */
import { type GraphNode, type NodeKind, nodeKinds } from '../graph/index.ts';
import { type FieldSpec, under } from './Inspector/field-spec.ts';
import type { KindEditor } from './kind-editor.ts';

const modules = import.meta.glob<{ editor: KindEditor }>('../kinds/*/editor.ts', {
  eager: true,
});

const editors = new Map<string, KindEditor>(
  Object.values(modules).map((m) => [m.editor.kind, m.editor]),
);

/** Kinds whose folder has no editor side (a test asserts this is empty). */
export const kindsWithoutEditor: readonly NodeKind[] = nodeKinds.filter((k) => !editors.has(k));

/** The editor side of a kind (a blank one, never expected, if its folder has none). */
export function kindEditor(kind: NodeKind): KindEditor {
  return editors.get(kind) ?? { kind, icon: 'M3 3h10v10H3z', summary: () => [], fields: () => [] };
}

/** Summary lines of a node for the canvas. */
export function nodeSummary(node: GraphNode): string[] {
  return kindEditor(node.kind).summary(node.params);
}

/** Inspector fields of a node's params, with paths from the node (`['params', …]`). */
export function paramFields(node: GraphNode): FieldSpec[] {
  return kindEditor(node.kind)
    .fields(node.params)
    .map((f) => under('params', f));
}
