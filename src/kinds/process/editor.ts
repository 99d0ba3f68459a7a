/** Process, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { distributionFields, numberField, selectField } from '../../editor/Inspector/field-spec.ts';
import { formatDistribution, formatNumber, formatShare } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('process', {
  icon: 'M3 3h10v10H3zM6 6h4v4H6z',
  summary: (p) => {
    const perItem = p.perItemMs > 0 ? ` + ${formatNumber(p.perItemMs)} ms/item` : '';
    const lines = [`${formatDistribution(p.service)}${perItem} · ×${p.concurrency}`];
    const extra = [
      p.mode === 'cpu' ? 'cpu' : '',
      p.errorRate > 0 ? `${formatShare(p.errorRate)} errors` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    if (extra !== '') lines.push(extra);
    return lines;
  },
  fields: (p) => [
    ...distributionFields('service', 'Service time', p.service),
    numberField(
      ['perItemMs'],
      'Per-item cost (ms)',
      'added to the service time for each item a message carries: a batch of n members takes service + n × this (a plain message counts as 1)',
    ),
    selectField(
      ['mode'],
      'Service mode',
      'wait: the stage waits (I/O, a remote call), no CPU used; cpu: it burns a real thread for the service time',
      ['wait', 'cpu'],
    ),
    numberField(
      ['concurrency'],
      'Concurrency (slots)',
      'messages served at once; in cpu mode each slot is a thread (instance)',
    ),
    numberField(
      ['errorRate'],
      'Error rate (0–1)',
      'share of attempts that fail and go to the error port',
    ),
    numberField(
      ['timeoutMs'],
      'Timeout (ms)',
      'an attempt longer than this fails (counted as a timeout) and may be retried',
      { optional: true, placeholder: 'none' },
    ),
    numberField(
      ['retry', 'attempts'],
      'Retry attempts (count)',
      'retries of a failed attempt before the message goes to the error port; each holds its slot',
      { optional: true, placeholder: 'no retries', clearPath: ['retry'] },
    ),
    numberField(
      ['retry', 'baseMs'],
      'Retry base delay (ms)',
      'wait before the first retry; exponential backoff doubles it each time',
      { optional: true, placeholder: '10' },
    ),
  ],
});
