import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CYPHER_DIR, CypherScripts, splitStatements } from '../../../../src/neo4j/cypher-scripts.ts';
import { CLAIM_TYPES, NODE_LABELS } from '../../../../src/vocabulary/kinds.ts';

/** `$name` parameters a statement uses. */
function parameters(statement: string): string[] {
  return [...new Set(statement.match(/\$\w+/g) ?? [])].sort();
}

/** Quoted string literals, single or double quoted. */
function stringLiterals(statement: string): string[] {
  return statement.match(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g) ?? [];
}

/** The values in inline property maps such as `{id: row.id}` or `{source: $source, key: row.key}`. */
function propertyMapValues(statement: string): string[] {
  return [...statement.matchAll(/\{([^{}]*)\}/g)].flatMap((match) =>
    (match[1] ?? '').split(',').map((entry) => entry.slice(entry.indexOf(':') + 1).trim()),
  );
}

describe('splitStatements', () => {
  it('drops // comment lines, also indented ones, and splits on ; at line ends', () => {
    const text = [
      '// header comment; with a semicolon at its end;',
      'MATCH (n) WHERE n.id = $id',
      '  // an indented comment;',
      'SET n.x = 1;',
      '',
      'MATCH (m)',
      'DELETE m;   ',
      '// trailing comment',
    ].join('\n');
    expect(splitStatements(text)).toEqual(['MATCH (n) WHERE n.id = $id\nSET n.x = 1', 'MATCH (m)\nDELETE m']);
  });

  it('does not split on a ; inside a line, keeps a last statement without ;, and reads CRLF files', () => {
    expect(splitStatements("RETURN 'a;b' AS x;\r\nRETURN 2")).toEqual(["RETURN 'a;b' AS x", 'RETURN 2']);
  });

  it('gives no statements for a file of comments and blank lines', () => {
    expect(splitStatements('// only a comment\n\n   \n// another;\n')).toEqual([]);
  });
});

describe('CypherScripts on the real cypher/ directory', () => {
  const scripts = new CypherScripts();
  const nodeScripts = NODE_LABELS.map((label) => scripts.node(label));
  const claimScripts = CLAIM_TYPES.map((type) => scripts.claim(type));

  it('finds the schema, source and retract scripts with their statements', () => {
    expect(scripts.schema.file).toBe('000-schema.cypher');
    // Eight uniqueness constraints (Entity, six labels, Source), three indexes (handle, name, lower-cased name) and one full-text index,
    // and the drop of the full-text index it replaced (which indexed anonymous members' names).
    expect(scripts.schema.statements).toHaveLength(13);
    expect(scripts.schema.statements.filter((statement) => statement.startsWith('CREATE '))).toHaveLength(12);
    expect(scripts.schema.statements.filter((statement) => !statement.startsWith('CREATE '))).toEqual([
      'DROP INDEX entity_names IF EXISTS',
    ]);
    expect(scripts.source.file).toBe('010-source.cypher');
    expect(scripts.source.statements).toHaveLength(1);
    expect(scripts.retractSource.file).toBe('020-retract-source.cypher');
    // Through the node ids its Source node lists, or (a source written before they were listed) by
    // looking at every node.
    expect(scripts.retractSource.statements).toHaveLength(2);
  });

  it('finds one single-statement script for every node label, named after it', () => {
    expect(nodeScripts.map((script) => script.file)).toEqual([
      '100-node-person.cypher',
      '110-node-organization.cypher',
      '120-node-project.cypher',
      '130-node-body.cypher',
      '140-node-category.cypher',
      '150-node-maturity-level.cypher',
    ]);
    for (const [index, script] of nodeScripts.entries()) {
      expect(script.statements, script.file).toHaveLength(1);
      expect(script.statements[0], script.file).toContain(
        `MERGE (n:Entity:${NODE_LABELS[index]} {id: row.id})`,
      );
    }
  });

  it('finds one single-statement script for every claim type, writing that relationship type', () => {
    for (const [index, script] of claimScripts.entries()) {
      const type = CLAIM_TYPES[index] as (typeof CLAIM_TYPES)[number];
      expect(script.file).toMatch(
        new RegExp(`^\\d+-claim-${type.toLowerCase().replace(/_/g, '-')}\\.cypher$`),
      );
      expect(script.statements, script.file).toHaveLength(1);
      expect(script.statements[0], script.file).toContain(
        `MERGE (a)-[r:${type} {source: $source, key: row.key}]->(b)`,
      );
    }
  });

  it('finds a different script for every lookup', () => {
    const known = new Set([
      scripts.schema.file,
      scripts.source.file,
      scripts.retractSource.file,
      scripts.sourceState.file,
      scripts.retractClaims.file,
      scripts.retractNodes.file,
      scripts.resetNodes.file,
      scripts.claimSpans.file,
      ...nodeScripts.map((script) => script.file),
      ...claimScripts.map((script) => script.file),
    ]);
    expect(known.size).toBe(8 + NODE_LABELS.length + CLAIM_TYPES.length);
  });

  it('finds the claim-span script: spans for given pairs, then the pairs with a claim missing its span', () => {
    expect(scripts.claimSpans.file).toBe('390-claim-spans.cypher');
    const [spans, missing] = scripts.claimSpans.statements as [string, string];
    expect(scripts.claimSpans.statements).toHaveLength(2);
    expect(parameters(spans)).toEqual(['$rows']);
    expect(spans).toContain('SET c.heldFrom =');
    expect(parameters(missing)).toEqual([]);
    expect(missing).toContain('WHERE c.heldFrom IS NULL');
  });

  it('takes every value as a parameter: node and claim scripts use exactly $rows and $source', () => {
    for (const script of [...nodeScripts, ...claimScripts]) {
      expect(parameters(script.statements.join('\n')), script.file).toEqual(['$rows', '$source']);
    }
    expect(parameters(scripts.source.statements.join('\n'))).toEqual(['$nodeIds', '$props', '$source']);
    // Retraction visits only the nodes that carry the source, and takes nothing but its id.
    expect(parameters(scripts.retractSource.statements.join('\n'))).toEqual(['$source']);
    expect(parameters(scripts.schema.statements.join('\n'))).toEqual([]);
    // The incremental write (src/import/diff.ts): read the source's state, then retract or reset rows.
    // Whether its Source node lists its nodes; its nodes and its claims found from that list, or by
    // scanning (a source written before lists were kept); or (knowing the rest from the last write)
    // only some nodes by id.
    expect(scripts.sourceState.statements).toHaveLength(6);
    expect(scripts.sourceState.statements.map(parameters)).toEqual([
      ['$source'],
      ['$ids', '$source'],
      ['$source'],
      ['$ids', '$source'],
      ['$source'],
      ['$ids'],
    ]);
    expect(parameters(scripts.retractClaims.statements.join('\n'))).toEqual(['$rows', '$source']);
    expect(parameters(scripts.retractNodes.statements.join('\n'))).toEqual(['$rows', '$source']);
    expect(parameters(scripts.resetNodes.statements.join('\n'))).toEqual(['$rows']);
  });

  it('contains no quoted literal but the two separators that build the alias text of node scripts', () => {
    // What the scripts hold today: '' and ' ' in `reduce(text = '', a IN … | text + ' ' + a)`, nothing
    // else. A quoted name, id or date anywhere would be a value that belongs in a parameter.
    const incremental = [
      scripts.sourceState,
      scripts.retractClaims,
      scripts.retractNodes,
      scripts.resetNodes,
    ];
    for (const script of [
      scripts.schema,
      scripts.source,
      scripts.retractSource,
      ...incremental,
      ...claimScripts,
    ]) {
      expect(stringLiterals(script.statements.join('\n')), script.file).toEqual([]);
    }
    for (const script of nodeScripts) {
      expect(stringLiterals(script.statements.join('\n')), script.file).toEqual(["''", "' '"]);
      expect(script.statements[0], script.file).toContain(
        "reduce(text = '', a IN n.aliases + added | text + ' ' + a)",
      );
    }
  });

  it('matches and merges on parameters or row fields only, never on a literal value', () => {
    const all = [scripts.source, scripts.retractSource, ...nodeScripts, ...claimScripts];
    for (const script of all) {
      for (const value of propertyMapValues(script.statements.join('\n'))) {
        expect(value, script.file).toMatch(/^(?:\$\w+|row\.\w+)$/);
      }
    }
  });
});

describe('CypherScripts on another directory', () => {
  it('reads only .cypher files of the directory it is given', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'cypher-scripts-'));
    try {
      writeFileSync(path.join(directory, '010-source.cypher'), '// test\nMERGE (s:Source {id: $source});\n');
      writeFileSync(path.join(directory, '020-retract-source.cypher.bak'), 'MATCH (n) DETACH DELETE n;\n');
      const scripts = new CypherScripts(directory);
      expect(scripts.source).toEqual({
        file: '010-source.cypher',
        statements: ['MERGE (s:Source {id: $source})'],
      });
      expect(() => scripts.retractSource).toThrow(/No script in .* matches/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  // The error should name the directory that was searched; today it names CYPHER_DIR (see the report).
  it('names the directory it searched when a script is missing', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'cypher-scripts-'));
    try {
      expect(directory).not.toBe(CYPHER_DIR);
      expect(() => new CypherScripts(directory).schema).toThrow(`No script in ${directory} matches`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
