/** Sink, editor side: icon; it has no parameters. */
import { defineKindEditor } from '../../editor/kind-editor.ts';

export const editor = defineKindEditor('sink', {
  icon: 'M3 8h7M7 4l4 4-4 4M2 3v10M13 5v6h1.5',
  summary: () => [],
  fields: () => [],
});
