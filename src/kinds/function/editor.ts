/** Function, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';

export const editor = defineKindEditor('function', {
  icon: 'M10 2.5C7 2.5 8 6 7 8s-2 5.5-4 5.5M4.5 6.5h5M10 9l3 4M13 9l-3 4',
  summary: (p) => {
    const lines = p.code.split('\n').length;
    return [`${lines} line${lines === 1 ? '' : 's'} of JavaScript`];
  },
  fields: () => [
    {
      control: 'code',
      path: ['code'],
      label: 'Code (JavaScript)',
      help: 'a function body run as (msg, ctx) => …: return msg, an array of messages, or null to drop it',
    },
  ],
});
