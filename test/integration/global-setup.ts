import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.ts';
import { consoleLog } from '../../src/logger.ts';
import type { Neo4jConnection } from '../../src/neo4j/connection.ts';
import { obtainNeo4j } from '../../src/neo4j/obtain.ts';

export interface ProvidedNeo4j {
  kind: Neo4jConnection['kind'];
  uri: string;
  user: string;
  password: string;
  database: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: ProvidedNeo4j;
  }
}

let connection: Neo4jConnection | undefined;

/** One Neo4j for the whole integration run, obtained the same way `npm start` obtains one. */
export async function setup(project: TestProject): Promise<void> {
  connection = await obtainNeo4j(loadConfig(), 'test', consoleLog);
  const { kind, uri, user, password, database } = connection;
  project.provide('neo4j', { kind, uri, user, password, database });
}

export async function teardown(): Promise<void> {
  await connection?.stop();
}
