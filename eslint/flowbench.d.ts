import type { Rule } from 'eslint';

/** Layer of a file inside src/, or undefined outside it. */
export function layerOf(file: string): string | undefined;
/** Each layer and the layers it may import (besides itself). */
export const LAYERS: Record<string, string[]>;
declare const plugin: { rules: { layers: Rule.RuleModule; 'no-kind-names': Rule.RuleModule } };
export default plugin;
