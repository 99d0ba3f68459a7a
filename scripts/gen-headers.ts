/** Writes public/_headers and public/vercel.json from scripts/http-headers.ts (`npm run headers`). */
import { writeFileSync } from 'node:fs';

import { netlifyHeaders, vercelJson } from './http-headers.ts';

writeFileSync('public/_headers', netlifyHeaders());
writeFileSync('public/vercel.json', vercelJson());
console.log('wrote public/_headers and public/vercel.json');
