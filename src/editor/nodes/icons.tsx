/** A small stroke icon per node kind (16 × 16, currentColor). */
import { memo } from 'react';

import type { NodeKind } from '../../graph/index.ts';

const paths: Record<NodeKind, string> = {
  source: 'M3 8h7M7 4l4 4-4 4M13 3v10',
  process: 'M3 3h10v10H3zM6 6h4v4H6z',
  batch: 'M3 4h10M3 8h10M3 12h10M1 2v12',
  unbatch: 'M3 4h10M5 8h8M7 12h6M15 2v12',
  split: 'M2 8h4M6 8l6-5M6 8l6 5M6 8h7',
  merge: 'M3 3l6 5M3 13l6-5M3 8h6M9 8h5',
  cache: 'M3 4c0-1.5 10-1.5 10 0v8c0 1.5-10 1.5-10 0zM3 4c0 1.5 10 1.5 10 0M3 8c0 1.5 10 1.5 10 0',
  filter: 'M2 3h12L9.5 8.5V13l-3 1.5V8.5z',
  ratelimit: 'M8 14A6 6 0 1 1 8 2a6 6 0 0 1 0 12zM8 8l3-3M8 4v1',
  delay: 'M8 14A6 6 0 1 1 8 2a6 6 0 0 1 0 12zM8 4.5V8l2.5 1.5',
  function: 'M10 2.5C7 2.5 8 6 7 8s-2 5.5-4 5.5M4.5 6.5h5M10 9l3 4M13 9l-3 4',
  sink: 'M3 8h7M7 4l4 4-4 4M2 3v10M13 5v6h1.5',
};

export const KindIcon = memo(function KindIcon({ kind }: { kind: NodeKind }) {
  return (
    <svg
      className="kind-icon"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[kind]} />
    </svg>
  );
});
