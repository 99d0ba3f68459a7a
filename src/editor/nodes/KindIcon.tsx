/** A small stroke icon per node kind (16 × 16, currentColor), from the kind's editor side. */
import { memo } from 'react';

import type { NodeKind } from '../../graph/index.ts';
import { kindEditor } from '../kinds.ts';

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
      <path d={kindEditor(kind).icon} />
    </svg>
  );
});
