import { parseArgs } from 'node:util';
import type { ExportFormat } from './document.ts';
import { type ExportFilter, ExportFilterError, parseExportFilter } from './subgraph.ts';

export const USAGE = `Usage: npm run export -- --format graphml|json [--out FILE]
         [--kinds K,…] [--types T,…] [--as-of YYYY-MM-DD] [--around ENTITY_ID [--depth 0-3]]

Writes the graph (or the part the options select) as GraphML or NetworkX node-link JSON, to FILE
or to standard output. --kinds: Person, Organization, Project, Body, Category, MaturityLevel, Source.
--types: MAINTAINS, AFFILIATED_WITH, SERVES_ON, LEADS, LIAISON_FOR, MEMBER_OF, … --as-of: only
claims that held that day. --around/--depth: the neighbourhood of one entity (depth 1 unless given).`;

export interface CliOptions {
  format: ExportFormat;
  out: string | null;
  filter: ExportFilter;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      kinds: { type: 'string' },
      types: { type: 'string' },
      'as-of': { type: 'string' },
      around: { type: 'string' },
      depth: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Command-line arguments → options, or 'help'. Kept apart from cli.ts, which connects to Neo4j as
 * soon as it is loaded, so that tests can check it. Throws ExportFilterError with a message for
 * the user.
 */
export function parseCliArguments(args: string[]): CliOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    // parseArgs names the option it could not take (unknown, missing value, positional).
    throw new ExportFilterError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.format !== 'graphml' && values.format !== 'json') {
    throw new ExportFilterError('--format must be graphml or json');
  }
  if (values.out !== undefined && values.out.trim() === '') throw new ExportFilterError('--out is empty');
  const filter = parseExportFilter({
    kinds: values.kinds,
    types: values.types,
    asOf: values['as-of'],
    around: values.around,
    depth: values.depth,
  });
  return { format: values.format, out: values.out ?? null, filter };
}
