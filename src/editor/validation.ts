/**
 * Keeps `validation` in the run slice up to date: the open graph is checked
 * by the same parser as files (parseGraph), a moment after it stops changing.
 */
import { parseGraph } from '../graph/index.ts';
import { useAppStore } from '../store/index.ts';

const VALIDATE_DELAY_MS = 150;

/** Starts validating on every graph change; returns a stop function. */
export function startValidation(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    const s = useAppStore.getState();
    const r = parseGraph(s.graph);
    s.setValidation(
      r.ok ? { errors: [], warnings: r.warnings } : { errors: r.errors, warnings: [] },
    );
  };
  run();
  const unsubscribe = useAppStore.subscribe((s, prev) => {
    if (s.graph === prev.graph) return;
    clearTimeout(timer);
    timer = setTimeout(run, VALIDATE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
