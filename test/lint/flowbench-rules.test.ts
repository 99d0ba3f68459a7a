import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';

import flowbench from '../../eslint/flowbench.js';

// RuleTester runs its cases through the test framework's functions.
Object.assign(RuleTester, { afterAll, describe, it });

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser as never, ecmaVersion: 2022, sourceType: 'module' },
});
const src = (p: string) => `${process.cwd()}/src/${p}`;

tester.run('flowbench/layers', flowbench.rules.layers, {
  valid: [
    { filename: src('metrics/report.ts'), code: "import { buildPlan } from '../runtime/plan.ts';" },
    { filename: src('runtime/plan.ts'), code: "import { kindDef } from '../graph/model.ts';" },
    { filename: src('editor/kinds.ts'), code: "import { editor } from '../kinds/sink/editor.ts';" },
  ],
  invalid: [
    {
      filename: src('runtime/scheduler.ts'),
      code: "import { buildReport } from '../metrics/report.ts';",
      errors: [{ message: /runtime may not import metrics/ }],
    },
    {
      filename: src('graph/ops.ts'),
      code: "import { editor } from '../kinds/sink/editor.ts';",
      errors: [{ message: /graph may not import editor/ }],
    },
    {
      filename: src('core/random.ts'),
      code: "export * from '../graph/model.ts';",
      errors: [{ message: /core may not import graph/ }],
    },
  ],
});

tester.run('flowbench/no-kind-names', flowbench.rules['no-kind-names'], {
  valid: [
    { code: "if (typeof f === 'function') f();", options: [{ kinds: ['function', 'sink'] }] },
    { code: "plural(n, 'process')", options: [{ kinds: ['process'] }] },
  ],
  invalid: [
    {
      code: "if (node.kind === 'sink') x();",
      options: [{ kinds: ['sink'] }],
      errors: 1,
    },
    {
      code: "switch (node.kind) { case 'batch': break; }",
      options: [{ kinds: ['batch'] }],
      errors: 1,
    },
    { code: "const n = { kind: 'process' };", options: [{ kinds: ['process'] }], errors: 1 },
    { code: "type P = ParamsOf<'split'>;", options: [{ kinds: ['split'] }], errors: 1 },
    { code: "kinds.includes('source');", options: [{ kinds: ['source'] }], errors: 1 },
  ],
});
