/**
 * `npm run bench:peers:check`: only the agreement check of `npm run bench`, without timing: this
 * service, the @neo4j/graphql peer and hand-written Cypher must give the same answers on the real
 * graph (after questions.ts's normalisers). Exits 1 on a mismatch or an error.
 */
import { loadConfig } from '../../src/config.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { realGraph } from '../support/real-graph.ts';
import { checkAgreement } from './agree.ts';
import { questions } from './questions.ts';
import { startSides } from './sides.ts';

const config = loadConfig();
const world = await realGraph(config);
const driver = createDriver(world.connection);
let failures = 0;
try {
  const sides = await startSides({ driver, database: world.connection.database, config, questions });
  try {
    failures = (await checkAgreement(sides, questions)).filter((a) => a.problems.length > 0).length;
  } finally {
    await sides.close();
  }
} finally {
  await driver.close();
  await world.close();
}
console.log(
  failures === 0 ? '\nAll answers agree.' : `\n${failures} question(s) with a mismatch or an error.`,
);
process.exit(failures === 0 ? 0 : 1);
