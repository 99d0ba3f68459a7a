/** Unbatch, editor side: icon; it has no parameters. */
import { defineKindEditor } from '../../editor/kind-editor.ts';

export const editor = defineKindEditor('unbatch', {
  icon: 'M3 4h10M5 8h8M7 12h6M15 2v12',
  summary: () => [],
  fields: () => [],
});
