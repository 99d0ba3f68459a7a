/**
 * Writes public/schema/graph-v1.json from the zod schema (see
 * src/graph/json-schema.ts). Run as `npm run schema` after changing
 * src/graph/schema.ts; a unit test fails while the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { graphJsonSchema } from '../src/graph/json-schema.ts';

/** The file's exact text (2-space JSON and a final newline). */
export function graphJsonSchemaText(): string {
  return `${JSON.stringify(graphJsonSchema(), null, 2)}\n`;
}

const file = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'public',
  'schema',
  'graph-v1.json',
);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, graphJsonSchemaText());
console.log(`wrote ${file}`);
