import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { printSchemaSdl } from '../src/schema/print.ts';

// `npm run schema:print`: regenerate schema/schema.graphql from the Pothos code.
const target = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
writeFileSync(target, printSchemaSdl());
console.error(`wrote ${path.relative(PROJECT_ROOT, target)}`);
