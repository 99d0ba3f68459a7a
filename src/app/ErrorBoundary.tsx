/**
 * Keeps a render failure in one panel from blanking the page: the panel
 * shows what went wrong, says the graph is safe, and offers Export JSON and
 * a retry. The graph lives in the store (and autosave), not in the panel,
 * so nothing is lost. One boundary wraps the shell, one each panel.
 */
import { Component, type ErrorInfo, type ReactNode, useEffect, useState } from 'react';

import { exportJson } from '../editor/documents.ts';

/** The event the test API sends to make a panel throw while rendering (e2e only). */
export const BREAK_PANEL_EVENT = 'flowbench:break-panel';

interface Props {
  /** The panel's name in sentences ("Inspector"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Flowbench: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null)
      return (
        <>
          <BreakProbe name={this.props.name} />
          {this.props.children}
        </>
      );
    return (
      <div className="panel-failed" role="alert" aria-label={`${this.props.name} failed`}>
        <p>
          <b>The {this.props.name} panel stopped working</b>: {error.message}
        </p>
        <p>Your graph is safe: it is kept (and autosaved) outside this panel.</p>
        <div className="panel-failed-actions">
          <button type="button" onClick={exportJson}>
            Export JSON
          </button>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}

/** Throws while rendering when the test API asks this panel to (proves the boundary). */
function BreakProbe({ name }: { name: string }) {
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const on = (e: Event) => {
      if ((e as CustomEvent<string>).detail === name) setBroken(true);
    };
    addEventListener(BREAK_PANEL_EVENT, on);
    return () => removeEventListener(BREAK_PANEL_EVENT, on);
  }, [name]);
  if (broken) throw new Error(`a test broke the ${name} panel on purpose`);
  return null;
}
