/** The combined store state: one bound store made of its slices. */
import type { BaselineSlice } from './baseline-slice.ts';
import type { GraphSlice } from './graph-slice.ts';
import type { RunSlice } from './run-slice.ts';
import type { SweepSlice } from './sweep-slice.ts';
import type { UiSlice } from './ui-slice.ts';

export type AppState = GraphSlice & RunSlice & UiSlice & SweepSlice & BaselineSlice;
