/** Whether this page may use SharedArrayBuffer (COOP/COEP served). */
export interface IsolationStatus {
  isolated: boolean;
  sharedArrayBuffer: boolean;
}

export function isolationStatus(): IsolationStatus {
  return {
    isolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}
