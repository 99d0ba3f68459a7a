/**
 * The inspector's "Predictions" settings (nothing selected): how many seeds
 * Predict runs. Not part of the graph document: a setting of this editor.
 */
import { useShallow } from 'zustand/react/shallow';

import { useAppStore } from '../../store/index.ts';
import { RepetitionFields } from '../RepetitionFields.tsx';

export function PredictionSettings() {
  const reps = useAppStore(useShallow((s) => s.predictReps));
  return (
    <>
      <h3>Predictions</h3>
      <RepetitionFields
        value={reps}
        onChange={(r) => useAppStore.getState().setPredictReps(r)}
        seedsLabel="Seeds per prediction"
        seedsHelp="Predict simulates the graph with this many seeds (its own, then the next ones) and shows the mean ± 95 % interval; 1: once"
      />
    </>
  );
}
