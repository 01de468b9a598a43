/**
 * Database hits of a request: each statement the request sent (noted by StatementRecorder) is run
 * again under PROFILE with the same parameters, and the db hits of every operator in its plan are
 * added up, over all the request's statements.
 */
import neo4j, { type Driver, type ProfiledPlan } from 'neo4j-driver';
import type { Statement } from './recorder.ts';

function sumDbHits(plan: ProfiledPlan | false): number {
  if (!plan) return 0;
  return plan.dbHits + plan.children.reduce((sum, child) => sum + sumDbHits(child), 0);
}

/** PROFILE goes first, before any `CYPHER …` options the statement may start with. */
const profiled = (cypher: string) => `PROFILE ${cypher.trimStart()}`;

export async function dbHits(driver: Driver, database: string, statements: Statement[]): Promise<number> {
  let total = 0;
  for (const { cypher, parameters } of statements) {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.executeRead((tx) => tx.run(profiled(cypher), parameters));
      total += sumDbHits(result.summary.profile);
    } finally {
      await session.close();
    }
  }
  return total;
}
