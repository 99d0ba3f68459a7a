/** The keyboard map, shown in the "Keyboard shortcuts" dialog. */
export const SHORTCUTS: readonly { keys: string[]; action: string }[] = [
  { keys: ['Ctrl/⌘+Z'], action: 'Undo' },
  { keys: ['Ctrl/⌘+Shift+Z', 'Ctrl+Y'], action: 'Redo' },
  { keys: ['Ctrl/⌘+C'], action: 'Copy selected nodes' },
  { keys: ['Ctrl/⌘+V'], action: 'Paste (new ids, internal edges kept)' },
  { keys: ['Ctrl/⌘+D'], action: 'Duplicate selection' },
  { keys: ['Ctrl/⌘+A'], action: 'Select all' },
  { keys: ['Delete', 'Backspace'], action: 'Delete selection' },
  { keys: ['Shift+click', 'Ctrl/⌘+click'], action: 'Add to selection' },
  { keys: ['Drag on empty canvas'], action: 'Box select' },
  { keys: ['Space+drag', 'Middle/right drag'], action: 'Pan' },
  { keys: ['Wheel', 'Pinch'], action: 'Zoom' },
  { keys: ['Shift+F'], action: 'Fit view' },
  { keys: ['Shift+L'], action: 'Auto layout' },
  { keys: ['Esc'], action: 'Clear selection, close dialogs' },
  { keys: ['?'], action: 'This help' },
];
