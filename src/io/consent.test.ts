import { describe, expect, it } from 'vitest';

import { functionCode, needsConsent } from './consent.ts';
import { everyKind, graphOf, orderPipeline } from './test-graphs.ts';

const withCode = (...codes: string[]) =>
  graphOf({
    nodes: codes.map((code, i) => ({
      id: `f${i}`,
      kind: 'function' as const,
      ...(i === 0 && { label: 'First' }),
      params: { code },
    })),
  });

describe('consent for user code', () => {
  it('lists function nodes whose code is not the pass-through default', () => {
    expect(functionCode(everyKind())).toEqual([
      { nodeId: 'fn', label: 'Tag', code: 'msg.tag = 1; return msg;' },
    ]);
    expect(needsConsent(everyKind())).toBe(true);
  });

  it('does not ask for graphs without function nodes or with only pass-through code', () => {
    expect(needsConsent(orderPipeline())).toBe(false);
    expect(needsConsent(withCode('return msg;', '  return msg \n', '', 'return   msg'))).toBe(
      false,
    );
  });

  it('labels a node by its id when it has no label', () => {
    expect(functionCode(withCode('return msg;', 'while (true) {}'))).toEqual([
      { nodeId: 'f1', label: 'f1', code: 'while (true) {}' },
    ]);
  });

  it('treats a default with anything added as user code', () => {
    expect(needsConsent(withCode('return msg; fetch("//evil")'))).toBe(true);
    expect(needsConsent(withCode('return msg2;'))).toBe(true);
  });
});
