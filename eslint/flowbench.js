/**
 * Flowbench's own lint rules (an inline ESLint plugin):
 *
 * - `flowbench/layers`: imports flow one way through the layers of src/
 *   (docs/architecture.md, "Layers"). A file may import its own layer and the
 *   layers below it, never one above.
 * - `flowbench/no-kind-names`: outside a kind's home (src/kinds/<kind>/), no
 *   code names a node kind: every decision by kind goes through the kind's
 *   declaration (src/kinds/kind.ts). It flags kind names where code decides
 *   by them: compared (`kind === 'sink'`), as a `case`, as a `kind:` value, as
 *   a literal type (`NodeOf<'process'>`), and as the argument of a lookup
 *   (`includes`, `has`, `get`, `indexOf`, `kindDef`, …).
 */
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Layer of a file inside src/, or undefined outside it. */
export function layerOf(file) {
  const rel = path.relative(path.join(root, 'src'), file).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  if (/^kinds\/[^/]+\/editor\.tsx?$/.test(rel)) return 'editor';
  const top = rel.split('/')[0];
  return LAYERS[top] === undefined ? undefined : top;
}

/** Each layer and the layers it may import (besides itself). */
export const LAYERS = {
  core: [],
  sw: [],
  kinds: ['core'],
  graph: ['core', 'kinds'],
  runtime: ['core', 'kinds', 'graph'],
  metrics: ['core', 'kinds', 'graph', 'runtime'],
  io: ['core', 'kinds', 'graph'],
  host: ['core', 'kinds', 'graph', 'runtime', 'metrics'],
  cli: ['core', 'kinds', 'graph', 'runtime', 'metrics', 'io', 'host'],
  store: ['core', 'kinds', 'graph', 'runtime', 'metrics', 'io', 'host'],
  editor: ['core', 'kinds', 'graph', 'runtime', 'metrics', 'io', 'host', 'store'],
  charts: ['core', 'kinds', 'graph', 'runtime', 'metrics', 'io', 'host', 'store'],
  app: ['core', 'kinds', 'graph', 'runtime', 'metrics', 'io', 'host', 'store', 'editor', 'charts'],
};

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'imports flow one way through the layers of src/' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === undefined) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), spec));
      if (to === undefined || to === from || LAYERS[from].includes(to)) return;
      context.report({
        node,
        message: `${from} may not import ${to} (layers: ${from} sees ${LAYERS[from].join(', ') || 'nothing else'}; see docs/architecture.md)`,
      });
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

const LOOKUPS = new Set([
  'includes',
  'has',
  'get',
  'indexOf',
  'kindDef',
  'findKindDef',
  'isNodeKind',
  'kindEditor',
]);

const noKindNames = {
  meta: {
    type: 'problem',
    docs: { description: 'no code outside src/kinds/<kind>/ decides by a kind name' },
    schema: [{ type: 'object', properties: { kinds: { type: 'array' } } }],
  },
  create(context) {
    const kinds = new Set(context.options[0]?.kinds ?? []);
    const report = (node) =>
      context.report({
        node,
        message: `"${node.value ?? node.literal?.value}" names a node kind: read it from the kind's declaration (src/kinds/kind.ts) instead`,
      });
    const isKind = (node) =>
      node?.type === 'Literal' && typeof node.value === 'string' && kinds.has(node.value);
    return {
      BinaryExpression(n) {
        if (!['===', '!==', '==', '!='].includes(n.operator)) return;
        // `typeof x === 'function'` is about JavaScript types, not node kinds.
        if (n.left.type === 'UnaryExpression' || n.right.type === 'UnaryExpression') return;
        if (isKind(n.left)) report(n.left);
        if (isKind(n.right)) report(n.right);
      },
      SwitchCase(n) {
        if (isKind(n.test)) report(n.test);
      },
      Property(n) {
        const key = n.key.type === 'Identifier' ? n.key.name : n.key.value;
        if (key === 'kind' && isKind(n.value)) report(n.value);
      },
      TSLiteralType(n) {
        if (isKind(n.literal)) report(n.literal);
      },
      CallExpression(n) {
        const callee = n.callee;
        const name =
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
              ? callee.property.name
              : undefined;
        if (name === undefined || !LOOKUPS.has(name)) return;
        for (const arg of n.arguments) if (isKind(arg)) report(arg);
      },
    };
  },
};

export default { rules: { layers, 'no-kind-names': noKindNames } };
