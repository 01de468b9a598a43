import { defineConfig } from 'vitest/config';

/**
 * Three tiers, as separate projects: `unit` needs no database and no network, only the CNCF data
 * files that the parsers' real-file tests read (CNCF_DATA_DIR, by default ../shared/data/cncf);
 * `integration` gets one real Neo4j from test/integration/global-setup.ts (NEO4J_URI, else
 * testcontainers, else the local launcher), and its launcher tests start local JVMs of their own
 * whatever that Neo4j is (so a JDK 17+ with Maven is always needed); `e2e` drives the explorer page
 * in Chromium over the real app and a real Neo4j from the same setup.
 */
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (index.js) and ESM (index.mjs) without an exports map: Node, and so the
    // Pothos and Yoga packages, load index.js, while Vite would pick index.mjs for our own imports;
    // two copies of graphql then refuse each other's types ("from another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Unit tests first: a mistake they catch costs seconds, not a Neo4j start.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          sequence: { groupOrder: 1 },
          // Neo4j start-up and imports take seconds, not milliseconds.
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Neo4j Community has one user database, and test files that write to it must not
          // interleave; the launcher tests start JVMs of their own. One file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Its own throw-away Neo4j, obtained the same way; started once the integration tier is done.
          globalSetup: ['test/integration/global-setup.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
