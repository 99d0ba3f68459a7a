/**
 * One or two short lines per node kind with its key parameters, shown on the
 * canvas node. Pure: data in, strings out.
 */
import type { Distribution, GraphNode } from '../../graph/index.ts';

const num = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatNumber(n: number): string {
  return num.format(n);
}

function dist(d: Distribution): string {
  return d.meanMs === 0 ? 'pass-through' : `${d.dist} ${num.format(d.meanMs)} ms`;
}

function pct(r: number): string {
  return `${num.format(r * 100)} %`;
}

/** Key parameters as short lines, e.g. `['1,000 msg/s · poisson', '64 B']`. */
export function nodeSummary(node: GraphNode): string[] {
  switch (node.kind) {
    case 'source': {
      const p = node.params;
      const rate = p.rate === 'max' ? 'max rate' : `${num.format(p.rate)} msg/s`;
      const lines = [`${rate} · ${p.arrival}`, `${num.format(p.payloadBytes)} B payload`];
      if (p.limit !== undefined) lines.push(`limit ${num.format(p.limit)} msg`);
      return lines;
    }
    case 'process': {
      const p = node.params;
      const lines = [`${dist(p.service)} · ×${p.concurrency}`];
      const extra = [
        p.mode === 'cpu' ? 'cpu' : '',
        p.errorRate > 0 ? `${pct(p.errorRate)} errors` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      if (extra !== '') lines.push(extra);
      return lines;
    }
    case 'batch':
      return [`size ${num.format(node.params.size)} · ${num.format(node.params.timeoutMs)} ms`];
    case 'split':
      return [`${node.params.policy} · ${node.params.outputs} outputs`];
    case 'merge':
      return [`${node.params.inputs} inputs`];
    case 'cache': {
      const p = node.params;
      return [
        `${num.format(p.capacity)} entries${p.ttlMs === undefined ? '' : ` · ttl ${num.format(p.ttlMs)} ms`}`,
      ];
    }
    case 'filter':
      return [
        node.params.keyBelow !== undefined
          ? `keys < ${num.format(node.params.keyBelow)}`
          : `pass ${pct(node.params.passRatio)}`,
      ];
    case 'ratelimit':
      return [
        `${num.format(node.params.ratePerSec)} msg/s · burst ${num.format(node.params.burst)}`,
        `on limit: ${node.params.onLimit}`,
      ];
    case 'delay':
      return [dist(node.params.delay)];
    case 'function': {
      const lines = node.params.code.split('\n').length;
      return [`${lines} line${lines === 1 ? '' : 's'} of JavaScript`];
    }
    case 'unbatch':
    case 'sink':
      return [];
  }
}
