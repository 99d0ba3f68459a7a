/**
 * The CLI facing hostile graphs and flags: each case checks the sentence,
 * the exit code, a time bound, and that nothing ran.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { main } from './flowbench.ts';

function sink() {
  const chunks: string[] = [];
  return {
    stream: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream,
    text: () => chunks.join(''),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'fb-hostile-'));

/** Writes a graph file with a Function node holding `code`. */
function graphWithCode(name: string, code: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      format: 'flowbench/graph',
      version: 1,
      name,
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 100 } },
        { id: 'fn', kind: 'function', label: 'Payload', params: { code } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'fn', port: 'in' } },
        { id: 'e2', from: { node: 'fn', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { durationMs: 1000, warmupMs: 0 },
      ...extra,
    }),
  );
  return file;
}

async function cli(argv: string[]) {
  const out = sink();
  const err = sink();
  const started = performance.now();
  const code = await main(argv, out.stream, err.stream);
  return { code, out: out.text(), err: err.text(), ms: performance.now() - started };
}

describe('the CLI with hostile input', () => {
  it('refuses Function code without --allow-code, naming the nodes and the flag; nothing runs', async () => {
    const marker = join(dir, 'pwned.txt');
    const file = graphWithCode(
      'writes-a-file',
      `process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return msg;`,
    );
    for (const extra of [[], ['--virtual']]) {
      const r = await cli(['run', file, '--quiet', ...extra]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('Function node “Payload” (fn)');
      expect(r.err).toContain('--allow-code');
      expect(r.err).toContain('nothing ran');
      expect(r.out).toBe('');
      expect(existsSync(marker)).toBe(false);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it('ends a prediction whose function never returns with exit 1 naming the node, within 10 s', async () => {
    const file = graphWithCode('spins', 'while (true) {}');
    const r = await cli(['run', file, '--virtual', '--allow-code', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the prediction stopped responding');
    expect(r.err).toContain('"Payload" (function)');
    expect(r.ms).toBeLessThan(10_000);
  });

  it('refuses worker counts and durations the format does not allow, before anything runs', async () => {
    const file = graphWithCode('ok', 'return msg;');
    for (const [flag, value, limit] of [
      ['--workers', '1000', '1 to 64'],
      ['--workers', '0', '1 to 64'],
      ['--duration-ms', '90000000', '1 to 86400000'],
      ['--seed', '-1', '0 to 4294967295'],
    ] as const) {
      const r = await cli(['run', file, flag, value]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${flag} needs a whole number from ${limit} (got ${value})`);
      expect(r.ms).toBeLessThan(2000);
    }
  });

  it("refuses the issue's graph (two cpu stages of concurrency 1024) with exit 2 before anything runs", async () => {
    const file = join(dir, 'wide.json');
    const stage = (id: string, label: string) => ({
      id,
      kind: 'process',
      label,
      params: { mode: 'cpu', concurrency: 1024, service: { dist: 'constant', meanMs: 0.1 } },
    });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'flowbench/graph',
        version: 1,
        name: 'wide',
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 1000 } },
          stage('a', 'Stage 1'),
          stage('b', 'Stage 2'),
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'a', port: 'in' } },
          { id: 'e2', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } },
          { id: 'e3', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        run: { durationMs: 2000, warmupMs: 0 },
      }),
    );
    for (const extra of [[], ['--virtual'], ['--transport', 'postmessage']]) {
      const r = await cli(['run', file, ...extra]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('flowbench: this graph is over the plan limits; nothing ran:');
      expect(r.err).toContain(
        'channels: this graph would need 1,050,624 channels, over the limit of 32,768 by 1,017,856; edge "e2" ("Stage 1" → "Stage 2") alone needs 1,048,576',
      );
      // Ring memory counts only where rings are made.
      expect(r.err.includes('ring memory: ')).toBe(extra.length === 0);
      expect(r.out).toBe('');
      expect(r.ms).toBeLessThan(2000);
    }
  });

  it('refuses a sweep point over the plan limits before the first point runs', async () => {
    const file = graphWithCode('sweep-wide', 'return msg;', {
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 100 } },
        { id: 'p', kind: 'process', params: { mode: 'cpu' } },
        { id: 'q', kind: 'process', params: { mode: 'cpu' } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
        { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'q', port: 'in' } },
        { id: 'e3', from: { node: 'q', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { durationMs: 200, warmupMs: 0 },
    });
    const r = await cli([
      'sweep',
      file,
      '--virtual',
      '--set',
      'nodes.p.params.concurrency=1,1024',
      '--set',
      'nodes.q.params.concurrency=1024',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'the point nodes.p.params.concurrency=1024, nodes.q.params.concurrency=1024 is over the plan limits; nothing ran:',
    );
    expect(r.err).toContain('channels: this graph would need 1,050,624 channels');
    expect(r.err).not.toContain('1/2');
    expect(r.out).toBe('');
  });

  it('checks the --json path before the run, not after it', async () => {
    const file = graphWithCode('ok2', 'return msg;');
    const r = await cli(['run', file, '--json', join(dir, 'no-such-folder', 'r.json'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write the report to');
    expect(r.err).toContain('does not exist or cannot be written; nothing ran');
    expect(r.ms).toBeLessThan(2000);
  });

  it('prints graph text with its control characters replaced', async () => {
    const evil = 'Evil\u001b]8;;http://x\u0007click\u001b[2J\u009b31m\u202Eeman';
    const file = graphWithCode('evil', 'return msg;', { name: evil });
    const r = await cli(['run', file, '--virtual', '--quiet', '--duration-ms', '200']);
    expect(r.code).toBe(0);
    const all = r.out + r.err;
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.out).toContain('Evil?]8;;http://x?click?[2J?31m?eman');
  });

  it('warns about flags that do not apply to a prediction', async () => {
    const file = graphWithCode('ok3', 'return msg;');
    const r = await cli(['run', file, '--virtual', '--workers', '3', '--duration-ms', '200']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('--workers does not apply to --virtual');
  });
});
