import { describe, expect, it } from 'vitest';

import {
  APPROVALS_KEY,
  codeDigest,
  describeCodeNodes,
  functionCode,
  loadApprovals,
  MAX_APPROVALS,
  saveApprovals,
  unapprovedCode,
} from './consent.ts';
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

const memory = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  };
};

describe('user code and its approval', () => {
  it('lists function nodes whose code is not the pass-through default, with a digest', () => {
    const [only, ...rest] = functionCode(everyKind());
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ nodeId: 'fn', label: 'Tag', code: 'msg.tag = 1; return msg;' });
    expect(only!.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not list graphs without function nodes or with only pass-through code', () => {
    expect(functionCode(orderPipeline())).toEqual([]);
    expect(functionCode(withCode('return msg;', '  return msg \n', '', 'return   msg'))).toEqual(
      [],
    );
  });

  it('treats a default with anything added as user code', () => {
    expect(functionCode(withCode('return msg; fetch("//evil")'))).toHaveLength(1);
    expect(functionCode(withCode('return msg2;'))).toHaveLength(1);
  });

  it('approves exact code: an approved text passes, one changed character asks again', () => {
    const approved = new Set([codeDigest('msg.x = 1; return msg;')]);
    expect(unapprovedCode(withCode('msg.x = 1; return msg;'), approved)).toEqual([]);
    const again = unapprovedCode(
      withCode('msg.x = 2; return msg;', 'msg.x = 1; return msg;'),
      approved,
    );
    expect(again.map((f) => f.nodeId)).toEqual(['f0']);
  });

  it('names nodes by label and id in sentences, and counts the rest', () => {
    const list = functionCode(withCode('a()', 'b()', 'c()', 'd()', 'e()'));
    expect(describeCodeNodes(list)).toBe('“First” (f0), “f1”, “f2” and 2 more');
  });

  it('keeps approvals across visits, drops the oldest past the cap, and ignores junk', () => {
    const store = memory();
    expect(loadApprovals(store).size).toBe(0);
    const many = new Set(
      Array.from({ length: MAX_APPROVALS + 5 }, (_, i) => codeDigest(`f${i}()`)),
    );
    saveApprovals(store, many);
    const back = loadApprovals(store);
    expect(back.size).toBe(MAX_APPROVALS);
    expect(back.has(codeDigest('f0()'))).toBe(false);
    expect(back.has(codeDigest(`f${MAX_APPROVALS + 4}()`))).toBe(true);
    store.setItem(APPROVALS_KEY, '{"x":1}');
    expect(loadApprovals(store).size).toBe(0);
    store.setItem(APPROVALS_KEY, '["not a digest", 3]');
    expect(loadApprovals(store).size).toBe(0);
    store.setItem(APPROVALS_KEY, '[[[');
    expect(loadApprovals(store).size).toBe(0);
  });
});
