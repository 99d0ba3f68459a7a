/** Rate limit, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField, selectField } from '../../editor/Inspector/field-spec.ts';
import { formatNumber as n } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('ratelimit', {
  icon: 'M8 14A6 6 0 1 1 8 2a6 6 0 0 1 0 12zM8 8l3-3M8 4v1',
  summary: (p) => [`${n(p.ratePerSec)} msg/s · burst ${n(p.burst)}`, `on limit: ${p.onLimit}`],
  fields: () => [
    numberField(
      ['ratePerSec'],
      'Rate (msg/s)',
      'tokens added per second: the sustained rate let through',
    ),
    numberField(
      ['burst'],
      'Burst (tokens)',
      'tokens the bucket holds: how many may pass at once after a quiet spell',
    ),
    selectField(
      ['onLimit'],
      'Over the limit',
      'delay: hold the message until a token is free (back pressure); drop: send it to the dropped port',
      ['delay', 'drop'],
    ),
  ],
});
