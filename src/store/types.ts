/** The combined store state: one bound store made of three slices. */
import type { GraphSlice } from './graph-slice.ts';
import type { RunSlice } from './run-slice.ts';
import type { UiSlice } from './ui-slice.ts';

export type AppState = GraphSlice & RunSlice & UiSlice;
