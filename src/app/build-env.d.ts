/**
 * Written in at build time by vite.config.ts: where the README's "Publish"
 * section lives (empty when the build does not know its repository).
 */
declare const __FLOWBENCH_PUBLISH_URL__: string;
