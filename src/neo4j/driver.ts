import neo4j, { type Driver } from 'neo4j-driver';
import type { Log } from '../logger.ts';
import type { Neo4jConnection } from './connection.ts';

/**
 * One driver per process. neo4j:// and neo4j+s:// URIs give a routing driver (clusters, Aura) that
 * sends reads to readers; bolt:// goes straight to one server. Timeouts are short so that an outage
 * is reported quickly instead of piling up waiting requests.
 *
 * With a `log`, the driver's own messages go to it (info and above): for a routing driver that is
 * each routing table it fetches, with the cluster's routers, readers and writers, which is what an
 * operator needs to see when a cluster's leader moves.
 */
export function createDriver(connection: Neo4jConnection, log?: Log): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    userAgent: 'cncf-knowledge-graph',
    // Numbers in this graph (counts, years, ranks) are far below 2^53: plain JS numbers are safe.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 64,
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxTransactionRetryTime: 5_000,
    ...(log && {
      logging: {
        level: 'info',
        logger: (level, message) =>
          log[level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info'](`neo4j-driver: ${message}`),
      },
    }),
  });
}
