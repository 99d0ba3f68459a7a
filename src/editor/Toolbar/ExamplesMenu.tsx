/** "Examples" menu button: lists public/examples/index.json and opens the chosen graph. */
import { useState } from 'react';

import { type ExampleEntry, listExamples, openExampleAsking } from '../documents.ts';
import { MenuButton } from './MenuButton.tsx';

export function ExamplesMenu() {
  const [examples, setExamples] = useState<ExampleEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    if (examples === null)
      listExamples().then(setExamples, (err: unknown) => setError(String(err)));
  };
  return (
    <MenuButton
      label="Examples ▾"
      menuLabel="Examples"
      testId="toolbar.examples"
      onOpen={load}
      wide
    >
      {(choose) => (
        <>
          {error !== null && <div className="menu-note">Could not list examples: {error}</div>}
          {examples === null && error === null && <div className="menu-note">Loading…</div>}
          {examples?.map((ex) => (
            <button
              key={ex.file}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={choose(() => openExampleAsking(ex))}
            >
              <span className="menu-item-name">{ex.name}</span>
              <span className="menu-item-desc">{ex.description}</span>
            </button>
          ))}
        </>
      )}
    </MenuButton>
  );
}
