/**
 * The Sweep dialog: values of one parameter (a list or a range), predictions
 * in virtual time (the default) or real runs, and seeds per point. Nothing
 * starts until every value has been checked against the graph's schema; a
 * refusal names the path and the value. Starting closes the dialog and opens
 * the results panel's Sweep tab, where the sweep shows its progress.
 */
import { type FormEvent, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { formatFieldValue } from '../../graph/edit-validation.ts';
import { predictionLanes } from '../../host/browser-env.ts';
import { type PredictRepetitions, useAppStore } from '../../store/index.ts';
import { RepetitionFields } from '../RepetitionFields.tsx';
import { Modal } from './Modal.tsx';
import {
  describeSweepCost,
  parseValueList,
  parseValueRange,
  suggestedValues,
  type Values,
} from './sweep-form.ts';

export function SweepDialog({
  path,
  label,
  current,
}: {
  path: string;
  label: string;
  current: unknown;
}) {
  const ids = useId();
  const close = () => useAppStore.getState().closeDialog();
  const { durationMs, predictReps, running } = useAppStore(
    useShallow((s) => ({
      durationMs: s.graph.run.durationMs,
      predictReps: s.predictReps,
      running: s.sweep?.status === 'running',
    })),
  );
  const [kind, setKind] = useState<'list' | 'range'>('list');
  const [list, setList] = useState(() => suggestedValues(current));
  const [from, setFrom] = useState(() => (typeof current === 'number' ? String(current) : ''));
  const [to, setTo] = useState('');
  const [step, setStep] = useState('');
  const [scale, setScale] = useState<'linear' | 'geometric'>('linear');
  const [mode, setMode] = useState<'virtual' | 'real'>('virtual');
  const [reps, setReps] = useState<PredictRepetitions>(predictReps);
  const [error, setError] = useState<string | null>(null);
  const lanes = predictionLanes();

  const values: Values =
    kind === 'list' ? parseValueList(path, list) : parseValueRange(path, from, to, step, scale);
  const cost = values.ok
    ? describeSweepCost(values.values.length, reps.repeat, reps.untilHalfWidthPct, mode, durationMs)
    : null;

  const start = (e?: FormEvent) => {
    e?.preventDefault();
    if (!values.ok) return setError(values.error);
    const r = useAppStore.getState().startSweep({
      path,
      label,
      values: values.values,
      mode,
      reps: {
        repeat: reps.repeat,
        ...(reps.untilHalfWidthPct !== null ? { untilHalfWidthPct: reps.untilHalfWidthPct } : {}),
      },
    });
    if (!r.ok) return setError(r.error);
    close();
  };
  const edit =
    <T,>(setter: (v: T) => void) =>
    (v: T) => {
      setter(v);
      setError(null);
    };

  return (
    <Modal
      title="Sweep a parameter"
      onClose={close}
      testId="dialog.sweep"
      wide
      actions={
        <>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="primary" disabled={running}>
            Start sweep
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} className="sweep-form" onSubmit={start} noValidate>
        <p className="sweep-param">
          <b>{label}</b> <code>{path}</code>
          <span className="muted"> · now {formatFieldValue(current) || 'not set'}</span>
        </p>
        <fieldset>
          <legend>Values</legend>
          <div className="radio-row">
            <label>
              <input
                type="radio"
                name={`${ids}-kind`}
                checked={kind === 'list'}
                onChange={() => edit(setKind)('list')}
              />{' '}
              List
            </label>
            <label>
              <input
                type="radio"
                name={`${ids}-kind`}
                checked={kind === 'range'}
                onChange={() => edit(setKind)('range')}
              />{' '}
              Range
            </label>
          </div>
          {kind === 'list' ? (
            <div className="field">
              <label htmlFor={`${ids}-list`}>Values (separated by commas)</label>
              <input
                id={`${ids}-list`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="10, 50, 100"
                value={list}
                autoFocus
                onChange={(e) => edit(setList)(e.target.value)}
              />
            </div>
          ) : (
            <div className="range-row">
              <div className="field">
                <label htmlFor={`${ids}-from`}>From</label>
                <input
                  id={`${ids}-from`}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={from}
                  autoFocus
                  onChange={(e) => edit(setFrom)(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-to`}>To</label>
                <input
                  id={`${ids}-to`}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={to}
                  onChange={(e) => edit(setTo)(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-scale`}>Steps</label>
                <select
                  id={`${ids}-scale`}
                  value={scale}
                  onChange={(e) => edit(setScale)(e.target.value as 'linear' | 'geometric')}
                >
                  <option value="linear">add</option>
                  <option value="geometric">multiply by</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${ids}-step`}>{scale === 'linear' ? 'Step' : 'Factor'}</label>
                <input
                  id={`${ids}-step`}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder={scale === 'linear' ? '10' : '2'}
                  value={step}
                  onChange={(e) => edit(setStep)(e.target.value)}
                />
              </div>
            </div>
          )}
          {kind === 'range' && values.ok && (
            <p className="muted small" data-testid="sweep.values">
              Values: {values.values.join(', ')}
            </p>
          )}
        </fieldset>
        <div className="sweep-form-row">
          <fieldset>
            <legend>Run as</legend>
            <label className="radio-block">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === 'virtual'}
                onChange={() => edit(setMode)('virtual')}
              />{' '}
              Predictions in virtual time <span className="muted">(fast; {lanes} at a time)</span>
            </label>
            <label className="radio-block">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === 'real'}
                onChange={() => edit(setMode)('real')}
              />{' '}
              Real runs{' '}
              <span className="muted">
                (one at a time, {Number((durationMs / 1000).toPrecision(3))} s each)
              </span>
            </label>
          </fieldset>
          <fieldset>
            <legend>Seeds</legend>
            <RepetitionFields
              value={reps}
              onChange={edit(setReps)}
              seedsLabel="Seeds per point"
              seedsHelp="the graph’s seed, then the next ones; with 2 or more, each value shows mean ± 95 % interval"
            />
          </fieldset>
        </div>
        {cost !== null && (
          <p className="sweep-cost" data-testid="sweep.cost">
            {cost}
          </p>
        )}
        {error !== null && (
          <div className="field-error" role="alert" data-testid="sweep.error">
            {error}
          </div>
        )}
        {running && (
          <p className="muted small">A sweep is running: cancel it (Sweep tab) to start another.</p>
        )}
      </form>
    </Modal>
  );
}
