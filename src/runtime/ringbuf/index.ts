/** Public surface of the data plane. Pure: safe in a window, a Web Worker and a Node worker. */
export * from './doorbell.ts';
export * from './frame-ring.ts';
export {
  type AttachOptions,
  type Doorbell,
  HEADER_BYTES,
  type InitOptions,
  LINE_BYTES,
  RingCore,
  type WaitOptions,
} from './ring-core.ts';
export * from './slot-ring.ts';
export * from './stats.ts';
