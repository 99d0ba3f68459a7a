/** A short-lived message (connection refused, graph opened, autosave failed). */
import { useEffect } from 'react';

import { useAppStore } from '../store/index.ts';

const HINT_MS = 4000;

export function HintToast() {
  const hint = useAppStore((s) => s.hint);
  useEffect(() => {
    if (hint === null) return;
    const t = setTimeout(
      () => {
        if (useAppStore.getState().hint?.seq === hint.seq) useAppStore.getState().clearHint();
      },
      HINT_MS + hint.message.length * 20,
    );
    return () => clearTimeout(t);
  }, [hint]);
  return (
    <div className="hint-region" role="status" aria-live="polite" aria-label="Editor messages">
      {hint !== null && (
        <div className={`hint hint-${hint.tone}`} data-testid="hint">
          {hint.message}
          <button
            type="button"
            className="hint-close"
            aria-label="Dismiss message"
            onClick={() => useAppStore.getState().clearHint()}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
