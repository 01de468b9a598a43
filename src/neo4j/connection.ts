/** How to reach the Neo4j the service uses, and how to let it go when the service stops. */
export interface Neo4jConnection {
  /** Where it came from: a configured URI, a testcontainers container, or the local launcher. */
  kind: 'external' | 'testcontainers' | 'local';
  uri: string;
  user: string;
  password: string;
  database: string;
  /** The JVM's pid for the local launcher; null otherwise. */
  pid: number | null;
  /** Stops what we started (container or JVM); for an external Neo4j it does nothing. */
  stop(): Promise<void>;
}
