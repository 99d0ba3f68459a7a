/**
 * The global keyboard map (see dialogs/shortcuts.ts for the help text).
 * Keys typed into inputs, selects and text areas are left alone (except
 * Ctrl/⌘+Enter and Ctrl/⌘+., Run and Stop), as are keys while a dialog is
 * open. Delete/Backspace are handled by React Flow.
 */
import { useEffect } from 'react';

import { redo, undo, useAppStore } from '../store/index.ts';
import {
  autoLayout,
  clearSelection,
  copySelected,
  duplicateSelected,
  paste,
  selectAll,
} from './commands.ts';
import { startRunFromUi } from './Toolbar/RunControls.tsx';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function useShortcuts(fitView: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const s = useAppStore.getState();
      if (s.dialog !== null) return;
      const mod = e.ctrlKey || e.metaKey;
      // Run and Stop work from inside inspector fields too.
      if (mod && (e.key === 'Enter' || e.key === '.')) {
        if (e.key === 'Enter') startRunFromUi();
        else s.stopRun();
        e.preventDefault();
        return;
      }
      if (isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) redo();
      else if (mod && key === 'c') handled = copySelected();
      else if (mod && key === 'v') handled = paste();
      else if (mod && key === 'd') duplicateSelected();
      else if (mod && key === 'a') selectAll();
      else if (!mod && e.key === '?') s.openDialog({ type: 'shortcuts' });
      else if (!mod && e.shiftKey && key === 'f') fitView();
      else if (!mod && e.shiftKey && key === 'l') void autoLayout();
      else if (!mod && e.shiftKey && key === 'm') s.toggleResultsMaximised();
      else if (!mod && e.key === 'Escape' && s.panels.resultsMaximised) s.toggleResultsMaximised();
      else if (!mod && e.key === 'Escape') clearSelection();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView]);
}
