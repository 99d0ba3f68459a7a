/**
 * One labelled inspector input. Every change is validated by the schema (via
 * `apply`); valid values are committed at once (one undo step per focused
 * edit), invalid ones stay in the field with the schema's message inline.
 */
import { memo, useId, useRef, useState } from 'react';

import type { GraphIssue } from '../../graph/index.ts';
import { formatFieldValue, getAt, parseFieldText, setAt } from '../../graph/edit-validation.ts';
import type { FieldSpec } from './field-spec.ts';

/** Validates and commits a candidate; returns the errors when it is refused. */
export type ApplyEdit = (candidate: unknown, coalesce: boolean) => GraphIssue[] | undefined;

export interface FieldProps {
  spec: FieldSpec;
  /** The object being edited (a node, an edge, the document fields). */
  source: unknown;
  apply: ApplyEdit;
  testId: string;
  /**
   * During a live run: what the run does with a change of this field, when it
   * cannot take every change ("applies to the next run"), shown before an edit.
   */
  liveNote?: string | undefined;
  /** Offers "Sweep…" beside a number field: called with the field when pressed. */
  onSweep?: (spec: FieldSpec) => void;
}

/** Messages for this field; the path is shown only when the problem is elsewhere. */
function errorText(errors: GraphIssue[], fieldPath: string): string {
  return errors
    .map((e) => (e.path === '' || e.path === fieldPath ? e.message : `${e.path}: ${e.message}`))
    .join('\n');
}

export const Field = memo(function Field({
  spec,
  source,
  apply,
  testId,
  liveNote,
  onSweep,
}: FieldProps) {
  const id = useId();
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const noteId = `${id}-live`;
  const [draft, setDraft] = useState<string | null>(null);
  const [errors, setErrors] = useState<GraphIssue[]>([]);
  const committed = useRef(false);
  const value = getAt(source, spec.path);

  const submit = (candidate: unknown, coalesce: boolean): boolean => {
    const errs = apply(candidate, coalesce);
    if (errs === undefined) {
      setErrors([]);
      return true;
    }
    setErrors(errs);
    return false;
  };

  const invalid = errors.length > 0;
  const described = [helpId, liveNote !== undefined ? noteId : '', invalid ? errId : '']
    .filter(Boolean)
    .join(' ');
  const help = (
    <>
      <div className="field-help" id={helpId}>
        {spec.help}
      </div>
      {liveNote !== undefined && (
        <div className="field-live" id={noteId} data-testid={`${testId}.live`}>
          This run: {liveNote}
        </div>
      )}
    </>
  );
  const error = invalid && (
    <div className="field-error" id={errId} role="alert" data-testid={`${testId}.error`}>
      {errorText(errors, spec.path.join('.'))}
    </div>
  );

  if (spec.control === 'checkbox') {
    return (
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => submit(setAt(source, spec.path, e.target.checked), false)}
          data-testid={testId}
          aria-describedby={described || undefined}
        />
        <label htmlFor={id}>{spec.label}</label>
        {help}
        {error}
      </div>
    );
  }

  if (spec.control === 'select') {
    return (
      <div className="field">
        <label htmlFor={id}>{spec.label}</label>
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => submit(setAt(source, spec.path, e.target.value), false)}
          data-testid={testId}
          aria-invalid={invalid || undefined}
          aria-describedby={described || undefined}
        >
          {typeof value !== 'string' && <option value="">default</option>}
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {help}
        {error}
      </div>
    );
  }

  const text = draft ?? formatFieldValue(value);
  const onText = (next: string) => {
    setDraft(next);
    let candidate: unknown;
    if (spec.control === 'code') candidate = setAt(source, spec.path, next);
    else {
      const parsed = parseFieldText(next, spec.type, spec.optional === true);
      const path =
        parsed === undefined && spec.clearPath !== undefined ? spec.clearPath : spec.path;
      candidate = setAt(source, path, parsed);
    }
    if (submit(candidate, committed.current)) committed.current = true;
  };
  const common = {
    id,
    value: text,
    onChange: (e: { target: { value: string } }) => onText(e.target.value),
    onFocus: () => {
      committed.current = false;
    },
    onBlur: () => {
      // Keep an invalid draft visible (with its message); a valid one shows the stored value.
      if (errors.length === 0) setDraft(null);
    },
    'data-testid': testId,
    'aria-invalid': invalid || undefined,
    'aria-describedby': described || undefined,
    spellCheck: false,
  };
  const sweepable =
    onSweep !== undefined &&
    spec.control === 'text' &&
    (spec.type === 'number' || spec.type === 'numberOrMax');
  return (
    <div className="field">
      {sweepable ? (
        <div className="field-label-row">
          <label htmlFor={id}>{spec.label}</label>
          <button
            type="button"
            className="link field-sweep"
            aria-label={`Sweep… ${spec.label}`}
            title="Run or predict the graph for several values of this field"
            data-testid={`${testId}.sweep`}
            onClick={() => onSweep(spec)}
          >
            Sweep…
          </button>
        </div>
      ) : (
        <label htmlFor={id}>{spec.label}</label>
      )}
      {spec.control === 'code' ? (
        <textarea className="code" rows={8} {...common} />
      ) : (
        <input
          type="text"
          inputMode={spec.type === 'number' ? 'decimal' : undefined}
          placeholder={spec.placeholder}
          autoComplete="off"
          {...common}
        />
      )}
      {help}
      {error}
    </div>
  );
});
