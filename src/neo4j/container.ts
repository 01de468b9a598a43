import { Neo4jContainer } from '@testcontainers/neo4j';
import { getContainerRuntimeClient } from 'testcontainers';
import type { Log } from '../logger.ts';
import type { Neo4jConnection } from './connection.ts';

/** True when testcontainers finds a Docker (or compatible) engine that answers. */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
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
