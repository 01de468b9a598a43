import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { ClaimType, NodeLabel } from '../vocabulary/kinds.ts';

export const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

/** The statements of one cypher/ script, in order. */
export interface CypherScript {
  file: string;
  statements: string[];
}

/**
 * The numbered scripts in cypher/, read once. Scripts are plain Cypher with `//` comments and
 * statements ended by `;` at the end of a line; values only ever come in as parameters.
 */
export class CypherScripts {
  private readonly byFile: Map<string, CypherScript>;

  constructor(private readonly directory = CYPHER_DIR) {
    this.byFile = new Map(
      readdirSync(directory)
        .filter((file) => file.endsWith('.cypher'))
        .sort()
        .map((file) => [
          file,
          { file, statements: splitStatements(readFileSync(path.join(directory, file), 'utf8')) },
        ]),
    );
  }

  get schema(): CypherScript {
    return this.find(/^\d+-schema\.cypher$/);
  }

  get source(): CypherScript {
    return this.find(/^\d+-source\.cypher$/);
  }

  get retractSource(): CypherScript {
    return this.find(/^\d+-retract-source\.cypher$/);
  }

  /** Reads what a source asserts now: its nodes, its claims, and some nodes by id (three statements). */
  get sourceState(): CypherScript {
    return this.find(/^\d+-source-state\.cypher$/);
  }

  get retractClaims(): CypherScript {
    return this.find(/^\d+-retract-claims\.cypher$/);
  }

  get retractNodes(): CypherScript {
    return this.find(/^\d+-retract-nodes\.cypher$/);
  }

  get resetNodes(): CypherScript {
    return this.find(/^\d+-reset-nodes\.cypher$/);
  }

  /**
   * Stores when each claim holds (two statements): for the pairs of nodes given, and the pairs that
   * have a claim with no span stored yet.
   */
  get claimSpans(): CypherScript {
    return this.find(/^\d+-claim-spans\.cypher$/);
  }

  node(label: NodeLabel): CypherScript {
    return this.find(new RegExp(`^\\d+-node-${kebab(label)}\\.cypher$`));
  }

  claim(type: ClaimType): CypherScript {
    return this.find(new RegExp(`^\\d+-claim-${type.toLowerCase().replace(/_/g, '-')}\\.cypher$`));
  }

  private find(pattern: RegExp): CypherScript {
    for (const [file, script] of this.byFile) if (pattern.test(file)) return script;
    throw new Error(`No script in ${this.directory} matches ${pattern}`);
  }
}

export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return withoutComments
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}
