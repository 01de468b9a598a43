import { type Driver, Neo4jError } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// The executor runs the driver's queries with its per-query stack capture off (executor.ts,
// withoutStackCapture): what that must not cost. Over the shared Neo4j.
const neo = inject('neo4j');
let driver: Driver;
let graph: GraphExecutor;

beforeAll(() => {
  driver = createDriver({ ...neo, pid: null, stop: async () => {} });
  graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 10_000 });
});

afterAll(async () => {
  await driver.close();
});

async function refusedStatement(): Promise<Neo4jError> {
  try {
    await graph.read('RETURN notBound AS x', {}, 'refusedStatement');
  } catch (error) {
    if (error instanceof Neo4jError) return error;
    throw error;
  }
  throw new Error('Neo4j ran a statement with an unbound variable');
}

describe('the executor', () => {
  it('hands on a statement Neo4j refuses with its code and a stack through its callers', async () => {
    const error = await refusedStatement();
    expect(error.code).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(error.stack?.split('\n')[0]).toContain('notBound');
    // Captured where the executor caught it, with the async frames of those that awaited it.
    expect(error.stack).toContain('executor.ts');
    expect(error.stack).toContain('refusedStatement');
  });

  it('leaves the stack trace limit as it found it, whether the statement ran or failed', async () => {
    const before = Error.stackTraceLimit;
    expect(await graph.read<{ one: number }>('RETURN 1 AS one')).toEqual([{ one: 1 }]);
    expect(Error.stackTraceLimit).toBe(before);
    await refusedStatement();
    expect(Error.stackTraceLimit).toBe(before);
    await graph.writeTransaction('executor test', (run) => run('RETURN 1 AS one'));
    expect(Error.stackTraceLimit).toBe(before);
    expect(await graph.ping()).toBe(true);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
