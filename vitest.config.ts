import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (everything pure, run in parallel) and `threads`
 * (tests that start real worker threads and read real clocks: run one file
 * at a time, so they do not compete with each other for the cores).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'src/**/*.test.tsx',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: ['**/*.threads.test.ts', '**/node_modules/**'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'threads',
          include: ['src/**/*.threads.test.ts', 'test/**/*.threads.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
