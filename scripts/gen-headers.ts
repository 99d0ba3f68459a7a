/**
 * Writes public/_headers (copied into dist/, where Netlify and Cloudflare
 * Pages read it) and vercel.json at the repository root (where a Vercel
 * deploy from the repository reads it) from scripts/http-headers.ts
 * (`npm run headers`).
 */
import { writeFileSync } from 'node:fs';

import { netlifyHeaders, vercelJson } from './http-headers.ts';

writeFileSync('public/_headers', netlifyHeaders());
writeFileSync('vercel.json', vercelJson());
console.log('wrote public/_headers and vercel.json');
