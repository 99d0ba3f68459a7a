/**
 * How many seeds a prediction (or each point of a sweep) runs: a count, and
 * optionally "add seeds until the 95 % interval is within ±x %". A value
 * reaches `onChange` only when valid; an invalid one stays in its field with
 * a sentence saying what is wanted.
 */
import { useId, useState } from 'react';

import { MAX_PREDICT_SEEDS, type PredictRepetitions } from '../store/index.ts';

/** Reads a seeds count. @returns it, or the sentence that refuses it. */
export function readSeeds(text: string): number | string {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= MAX_PREDICT_SEEDS
    ? n
    : `a whole number from 1 to ${MAX_PREDICT_SEEDS} (got "${text}")`;
}

/** Reads a half-width share. @returns it, or the sentence that refuses it. */
export function readHalfWidthPct(text: string): number | string {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(x) && x > 0 && x <= 50
    ? x
    : `a share above 0 and at most 50 % (got "${text}")`;
}

function NumberInput({
  label,
  help,
  value,
  read,
  onValid,
  suffix,
}: {
  label: string;
  help: string;
  value: number;
  read: (text: string) => number | string;
  onValid: (x: number) => void;
  suffix?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const parsed = read(text);
  const error = typeof parsed === 'string' ? parsed : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="field-with-suffix">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          aria-invalid={error !== null || undefined}
          aria-describedby={`${id}-help${error !== null ? ` ${id}-err` : ''}`}
          onChange={(e) => {
            setDraft(e.target.value);
            const x = read(e.target.value);
            if (typeof x === 'number') onValid(x);
          }}
          onBlur={() => error === null && setDraft(null)}
        />
        {suffix !== undefined && <span aria-hidden="true">{suffix}</span>}
      </span>
      <div className="field-help" id={`${id}-help`}>
        {help}
      </div>
      {error !== null && (
        <div className="field-error" id={`${id}-err`} role="alert">
          {label}: {error}
        </div>
      )}
    </div>
  );
}

export function RepetitionFields({
  value,
  onChange,
  seedsLabel,
  seedsHelp,
}: {
  value: PredictRepetitions;
  onChange: (next: PredictRepetitions) => void;
  seedsLabel: string;
  seedsHelp: string;
}) {
  const untilId = useId();
  // The share last typed, kept while the box is unticked.
  const [pct, setPct] = useState(value.untilHalfWidthPct ?? 5);
  const until = value.untilHalfWidthPct !== null;
  return (
    <>
      <NumberInput
        label={seedsLabel}
        help={seedsHelp}
        value={value.repeat}
        read={readSeeds}
        onValid={(repeat) => onChange({ ...value, repeat })}
      />
      <div className="field field-check">
        <input
          id={untilId}
          type="checkbox"
          checked={until}
          onChange={(e) => onChange({ ...value, untilHalfWidthPct: e.target.checked ? pct : null })}
        />
        <label htmlFor={untilId}>Add seeds until the 95 % interval is narrow</label>
      </div>
      {until && (
        <NumberInput
          label="Interval half-width (± %)"
          help={`seeds are added, up to ${MAX_PREDICT_SEEDS}, until throughput and p95 latency are known within this share of their mean`}
          value={pct}
          read={readHalfWidthPct}
          suffix="%"
          onValid={(x) => {
            setPct(x);
            onChange({ ...value, untilHalfWidthPct: x });
          }}
        />
      )}
    </>
  );
}
