/** Source, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField, selectField } from '../../editor/Inspector/field-spec.ts';
import { formatNumber as n } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('source', {
  icon: 'M3 8h7M7 4l4 4-4 4M13 3v10',
  summary: (p) => {
    const rate = p.rate === 'max' ? 'max rate' : `${n(p.rate)} msg/s`;
    const lines = [`${rate} · ${p.arrival}`, `${n(p.payloadBytes)} B payload`];
    if (p.limit !== undefined) lines.push(`limit ${n(p.limit)} msg`);
    return lines;
  },
  fields: (p) => [
    {
      control: 'text',
      path: ['rate'],
      label: 'Rate (msg/s)',
      type: 'numberOrMax',
      help: 'messages per second, or “max” for as fast as the pipeline takes them',
    },
    selectField(
      ['arrival'],
      'Arrival process',
      'constant: evenly spaced; poisson: random gaps (real traffic); burst: groups at intervals',
      ['constant', 'poisson', 'burst'],
    ),
    ...(p.arrival === 'burst'
      ? [
          numberField(['burst', 'size'], 'Burst size (msg)', 'messages in each burst', {
            optional: true,
            placeholder: '100',
            clearPath: ['burst'],
          }),
          numberField(
            ['burst', 'everyMs'],
            'Burst interval (ms)',
            'time from one burst to the next',
            {
              optional: true,
              placeholder: '100',
            },
          ),
        ]
      : []),
    numberField(
      ['payloadBytes'],
      'Payload size (bytes)',
      'bytes each message carries through every channel',
    ),
    numberField(
      ['keys', 'count'],
      'Distinct keys (count)',
      'keys drive caches, key-hash splits and key filters; leave empty for none',
      { optional: true, placeholder: 'no keys', clearPath: ['keys'] },
    ),
    selectField(
      ['keys', 'dist'],
      'Key distribution',
      'uniform: every key alike; zipf: a few hot keys (skewed, like real caches see)',
      ['uniform', 'zipf'],
    ),
    numberField(
      ['limit'],
      'Message limit (msg)',
      'stop after this many; the run ends once everything is delivered',
      { optional: true, placeholder: 'unlimited' },
    ),
  ],
});
