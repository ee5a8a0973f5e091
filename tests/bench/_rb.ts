import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRenewals } from './renewals';
const n = Number(process.argv[2] ?? 10000);
const r = await benchRenewals(n, mkdtempSync(join(tmpdir(), 'rb-')));
console.log(JSON.stringify(r));
