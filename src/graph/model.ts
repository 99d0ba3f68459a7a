/**
 * Graph document types, inferred from the schema so they cannot drift.
 * `Graph` is a document after validation (defaults filled); `GraphInput` is
 * what a person may write (defaults optional).
 *
 * Pure: no DOM, no React, no store.
 */
import type { z } from 'zod';

import type { Distribution } from '../core/schema-kit.ts';
import type { NodeKind, NodePorts } from '../kinds/index.ts';
import type { edgeSchema, graphSchema, nodeSchema, nodeSchemas } from './schema.ts';

export { findKindDef, isNodeKind, kindDef, portsOf } from '../kinds/index.ts';
export type { Distribution, NodeKind, NodePorts };

export type Graph = z.output<typeof graphSchema>;
export type GraphInput = z.input<typeof graphSchema>;
export type GraphNode = z.output<typeof nodeSchema>;
export type GraphEdge = z.output<typeof edgeSchema>;
export type RunSettings = Graph['run'];
export type Targets = NonNullable<Graph['targets']>;

/** The node of one kind, e.g. `NodeOf<'source'>`. */
export type NodeOf<K extends NodeKind> = Extract<GraphNode, { kind: K }>;
/** The params of one kind, e.g. `ParamsOf<'process'>['service']`. */
export type ParamsOf<K extends NodeKind> = z.output<(typeof nodeSchemas)[K]>['params'];
