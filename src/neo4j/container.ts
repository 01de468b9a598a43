import type { Log } from '../logger.ts';
import type { Neo4jConnection } from './connection.ts';

// testcontainers is loaded only when a Docker engine is asked for: a service given NEO4J_URI, or
// run by the local launcher, never loads it (nor dockerode and undici under it). testcontainers 12
// needs Node 22 or newer (its undici does not load on Node 20); on an older Node the Docker path
// reports itself unavailable with the reason, and the other ways to a Neo4j still work.
async function loadTestcontainers() {
  const [core, neo4jModule] = await Promise.all([import('testcontainers'), import('@testcontainers/neo4j')]);
  return {
    getContainerRuntimeClient: core.getContainerRuntimeClient,
    Neo4jContainer: neo4jModule.Neo4jContainer,
  };
}

/** True when testcontainers loads and finds a Docker (or compatible) engine that answers. */
export async function dockerEngineAnswers(log?: Log): Promise<boolean> {
  let testcontainers: Awaited<ReturnType<typeof loadTestcontainers>>;
  try {
    testcontainers = await loadTestcontainers();
  } catch (error) {
    log?.warn(
      `testcontainers does not load on Node ${process.version} (it needs Node 22 or newer), so no ` +
        `Docker engine is tried: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
  try {
    await testcontainers.getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function startNeo4jContainer(options: {
  image: string;
  password: string;
  log: Log;
}): Promise<Neo4jConnection> {
  const { Neo4jContainer } = await loadTestcontainers();
  options.log.info(`Starting Neo4j in a container (${options.image}) with testcontainers`);
  const container = await new Neo4jContainer(options.image).withPassword(options.password).start();
  return {
    kind: 'testcontainers',
    uri: container.getBoltUri(),
    user: container.getUsername(),
    password: container.getPassword(),
    database: 'neo4j',
    pid: null,
    stop: async () => {
      await container.stop();
    },
  };
}
