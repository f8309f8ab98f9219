// Writes docs/rules.md from the rules the library defines: `npm run docs:rules`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleCatalogue } from '../lib/index';

const target = join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(target, renderRuleCatalogue());
process.stdout.write(`wrote ${target}\n`);
