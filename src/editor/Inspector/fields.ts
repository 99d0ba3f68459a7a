/**
 * Which parameters the inspector shows per node kind, with labels that state
 * units. Paths are relative to the node. Only presentation lives here; what
 * is valid is decided by the schema.
 */
import {
  type Distribution,
  distributionKinds,
  type GraphNode,
  splitPolicies,
} from '../../graph/index.ts';
import type { FieldType } from '../../store/edit-validation.ts';

export type FieldSpec =
  | {
      control: 'text';
      path: readonly string[];
      label: string;
      type: FieldType;
      optional?: boolean;
      placeholder?: string;
      help?: string;
      /** When cleared, remove this whole optional group instead of the one field. */
      clearPath?: readonly string[];
    }
  | { control: 'select'; path: readonly string[]; label: string; options: readonly string[] }
  | { control: 'code'; path: readonly string[]; label: string }
  | { control: 'checkbox'; path: readonly string[]; label: string };

const num = (
  path: readonly string[],
  label: string,
  extra: {
    optional?: boolean;
    placeholder?: string;
    help?: string;
    clearPath?: readonly string[];
  } = {},
): FieldSpec => ({ control: 'text', path, label, type: 'number', ...extra });

const select = (path: readonly string[], label: string, options: readonly string[]): FieldSpec => ({
  control: 'select',
  path,
  label,
  options,
});

function distributionFields(base: string, what: string, d: Distribution): FieldSpec[] {
  const fields = [
    select([base, 'dist'], `${what} distribution`, distributionKinds),
    num([base, 'meanMs'], `Mean ${what.toLowerCase()} (ms)`),
  ];
  if (d.dist === 'normal' || d.dist === 'lognormal') {
    fields.push(
      num([base, 'stdMs'], `${what} std dev (ms)`, { optional: true, placeholder: 'mean / 2' }),
    );
  }
  if (d.dist === 'uniform') {
    fields.push(
      num([base, 'minMs'], `${what} min (ms)`, { optional: true, placeholder: '0' }),
      num([base, 'maxMs'], `${what} max (ms)`, { optional: true, placeholder: '2 × mean' }),
    );
  }
  return fields;
}

/** Parameter fields of a node, given its current params (some appear only when relevant). */
export function paramFields(node: GraphNode): FieldSpec[] {
  switch (node.kind) {
    case 'source': {
      const fields: FieldSpec[] = [
        {
          control: 'text',
          path: ['params', 'rate'],
          label: 'Rate (msg/s)',
          type: 'numberOrMax',
          help: 'a number, or “max” for as fast as possible',
        },
        select(['params', 'arrival'], 'Arrival process', ['constant', 'poisson', 'burst']),
      ];
      if (node.params.arrival === 'burst') {
        fields.push(
          num(['params', 'burst', 'size'], 'Burst size (msg)', {
            optional: true,
            placeholder: '100',
            clearPath: ['params', 'burst'],
          }),
          num(['params', 'burst', 'everyMs'], 'Burst interval (ms)', {
            optional: true,
            placeholder: '100',
          }),
        );
      }
      fields.push(
        num(['params', 'payloadBytes'], 'Payload size (bytes)'),
        num(['params', 'keys', 'count'], 'Distinct keys (count)', {
          optional: true,
          placeholder: 'no keys',
          clearPath: ['params', 'keys'],
        }),
        select(['params', 'keys', 'dist'], 'Key distribution', ['uniform', 'zipf']),
        num(['params', 'limit'], 'Message limit (msg)', {
          optional: true,
          placeholder: 'unlimited',
        }),
      );
      return fields;
    }
    case 'process':
      return [
        ...distributionFields('service', 'Service time', node.params.service).map(prefixParams),
        select(['params', 'mode'], 'Service mode', ['wait', 'cpu']),
        num(['params', 'concurrency'], 'Concurrency (slots)'),
        num(['params', 'errorRate'], 'Error rate (0–1)'),
        num(['params', 'timeoutMs'], 'Timeout (ms)', { optional: true, placeholder: 'none' }),
        num(['params', 'retry', 'attempts'], 'Retry attempts (count)', {
          optional: true,
          placeholder: 'no retries',
          clearPath: ['params', 'retry'],
        }),
        num(['params', 'retry', 'baseMs'], 'Retry base delay (ms)', {
          optional: true,
          placeholder: '10',
        }),
      ];
    case 'batch':
      return [
        num(['params', 'size'], 'Batch size (msg)'),
        num(['params', 'timeoutMs'], 'Batch timeout (ms)'),
      ];
    case 'split':
      return [
        select(['params', 'policy'], 'Routing policy', splitPolicies),
        num(['params', 'outputs'], 'Outputs (count)'),
        {
          control: 'text',
          path: ['params', 'weights'],
          label: 'Weights (one per output)',
          type: 'numberList',
          optional: true,
          placeholder: 'e.g. 3, 1',
        },
      ];
    case 'merge':
      return [num(['params', 'inputs'], 'Inputs (count)')];
    case 'cache':
      return [
        num(['params', 'capacity'], 'Cache capacity (entries)'),
        num(['params', 'ttlMs'], 'Time to live (ms)', { optional: true, placeholder: 'forever' }),
      ];
    case 'filter':
      return [
        num(['params', 'passRatio'], 'Pass ratio (0–1)'),
        num(['params', 'keyBelow'], 'Pass keys below (key)', {
          optional: true,
          placeholder: 'use pass ratio',
        }),
      ];
    case 'ratelimit':
      return [
        num(['params', 'ratePerSec'], 'Rate (msg/s)'),
        num(['params', 'burst'], 'Burst (tokens)'),
        select(['params', 'onLimit'], 'Over the limit', ['delay', 'drop']),
      ];
    case 'delay':
      return distributionFields('delay', 'Delay', node.params.delay).map(prefixParams);
    case 'function':
      return [{ control: 'code', path: ['params', 'code'], label: 'Code (JavaScript)' }];
    case 'unbatch':
    case 'sink':
      return [];
  }
}

function prefixParams(f: FieldSpec): FieldSpec {
  return { ...f, path: ['params', ...f.path] };
}

export const edgeFields: FieldSpec[] = [
  num(['capacity'], 'Capacity (msg)', { help: 'a power of two, 2 … 1048576' }),
  select(['overflow'], 'Overflow policy', ['block', 'dropNewest', 'dropOldest']),
  { control: 'checkbox', path: ['autoSize'], label: 'Auto-size capacity' },
];

export const documentFields: FieldSpec[] = [
  { control: 'text', path: ['name'], label: 'Graph name', type: 'text' },
  { control: 'text', path: ['description'], label: 'Description', type: 'text', optional: true },
  num(['run', 'workers'], 'Workers (count)', { optional: true, placeholder: 'cores − 1' }),
  num(['run', 'durationMs'], 'Duration (ms)'),
  num(['run', 'warmupMs'], 'Warm-up (ms)'),
  num(['run', 'seed'], 'Random seed'),
  select(['run', 'transport'], 'Transport', ['sab', 'postmessage']),
];
