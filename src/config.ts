import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only module that reads `process.env`. Each concern is one zod schema; `loadConfig` parses
 * them all, collects every problem (not just the first) and returns a typed, nested object.
 * Callers decide what to do with a ConfigError: `main.ts` prints it and exits non-zero.
 */

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
// A JVM memory size such as 512m or 2g; passed to -Xmx and Neo4j's page cache setting as is.
const memorySize = z.string().regex(/^\d+[kmgKMG]$/, 'must look like 512m or 2g');
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const serverSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // node:http's own defaults let a client take 60 s to send its headers and 300 s to send its body;
  // a public endpoint cuts a slow client off far sooner. Answers are not limited by these.
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  // How long an idle keep-alive connection is kept open for the client's next request.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(5_000),
});

// What a public endpoint needs to stay up and to be run: limits checked before any Cypher runs,
// what is exposed, who may change state, caching.
const apiSchema = z.object({
  LIMIT_MAX_DEPTH: positiveInt.default(12),
  LIMIT_MAX_ALIASES: positiveInt.default(15),
  LIMIT_MAX_TOKENS: positiveInt.default(4000),
  // Estimated work of a query, with list fields multiplied by their page size (see src/limits.ts).
  LIMIT_MAX_COST: positiveInt.default(50_000),
  LIMIT_MAX_DOCUMENT_BYTES: positiveInt.default(20_000),
  GRAPHIQL_ENABLED: booleanFlag.default(true),
  INTROSPECTION_ENABLED: booleanFlag.default(true),
  // '*' (any origin), or a comma-separated list of origins allowed to call the API from a browser.
  CORS_ORIGINS: z.string().min(1).default('*'),
  // Enables POST /admin/import and /admin/cache/flush for callers presenting it as a bearer token.
  ADMIN_TOKEN: z.string().min(16, 'must have at least 16 characters').optional(),
  // How long a read's response is reused for the same operation and variables; 0 turns caching off.
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  METRICS_ENABLED: booleanFlag.default(true),
  // Exports computed at once (each reads the whole graph and serialises it, seconds of CPU); more
  // are refused with 429 and Retry-After. Repeated whole-graph exports are served from a cache.
  EXPORT_MAX_CONCURRENT: positiveInt.default(2),
  // A manifest of the only operations to run, by sha256 ({ "<hash>": "<document>" }, as GraphQL
  // Code Generator's persisted-documents.json); unset: any operation, and automatic persisted queries.
  TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
});

const importSchema = z.object({
  // A directory laid out like the CNCF data copies (see SOURCES.md there); without it the importer
  // downloads the same pinned files and checks each one's sha256.
  CNCF_DATA_DIR: z.string().min(1).optional(),
  SOURCES_BASE_URL: z.url().default('https://raw.githubusercontent.com'),
  // auto: import at start when the graph is empty or a source (or the importer) changed; never: don't.
  IMPORT_ON_START: z.enum(['auto', 'never']).default('auto'),
});

const neo4jSchema = z
  .object({
    // auto: NEO4J_URI if set, else testcontainers where a Docker engine answers, else the local launcher.
    NEO4J_PROVIDER: z.enum(['auto', 'external', 'testcontainers', 'local']).default('auto'),
    NEO4J_URI: z
      .string()
      .regex(
        /^(bolt|bolt\+s|bolt\+ssc|neo4j|neo4j\+s|neo4j\+ssc):\/\/[^\s/]+/,
        'must be a bolt:// or neo4j:// URI (optionally +s or +ssc), e.g. neo4j+s://xxxx.databases.neo4j.io',
      )
      .optional(),
    NEO4J_USER: z.string().min(1).default('neo4j'),
    // Only a default for the Neo4j this project starts itself (launcher or container); an external
    // NEO4J_URI requires an explicit password (checked below).
    NEO4J_PASSWORD: z
      .string()
      .min(8, 'must have at least 8 characters (Neo4j 5 refuses shorter ones)')
      .optional(),
    NEO4J_DATABASE: z.string().min(1).default('neo4j'),
    NEO4J_QUERY_TIMEOUT_MS: positiveInt.default(15_000),
    // Neo4j enforces the query timeout itself, so a Neo4j that does not answer at all (paused,
    // stuck in a GC pause, behind a half-open connection) would hold requests forever; the service
    // stops waiting this long after the query timeout has passed.
    NEO4J_DEADLINE_MARGIN_MS: positiveInt.default(5_000),
    NEO4J_LOCAL_VERSION: z
      .string()
      .regex(/^5\.26\.\d+$/, 'the launcher supports Neo4j 5.26.x')
      .default('5.26.30'),
    NEO4J_LOCAL_BOLT_PORT: port.default(7687),
    NEO4J_LOCAL_HEAP: memorySize.default('1g'),
    NEO4J_LOCAL_PAGECACHE: memorySize.default('512m'),
    NEO4J_LOCAL_START_TIMEOUT_MS: positiveInt.default(180_000),
    NEO4J_CONTAINER_IMAGE: z.string().min(1).default('neo4j:5.26-community'),
    JAVA_HOME: z.string().min(1).optional(),
    CACHE_DIR: z.string().min(1).default('.cache'),
  })
  .superRefine((env, ctx) => {
    if (env.NEO4J_PROVIDER === 'external' && !env.NEO4J_URI) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEO4J_URI'],
        message: 'is required when NEO4J_PROVIDER=external',
      });
    }
    if (env.NEO4J_URI && !env.NEO4J_PASSWORD && env.NEO4J_PROVIDER !== 'local') {
      ctx.addIssue({
        code: 'custom',
        path: ['NEO4J_PASSWORD'],
        message: 'is required when NEO4J_URI is set',
      });
    }
  });

export type NeoProvider = 'auto' | 'external' | 'testcontainers' | 'local';

export interface Config {
  server: {
    host: string;
    port: number;
    logLevel: string;
    /** node:http's headersTimeout, requestTimeout and keepAliveTimeout. */
    timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  };
  neo4j: {
    provider: NeoProvider;
    uri: string | undefined;
    user: string;
    password: string;
    database: string;
    queryTimeoutMs: number;
    /** A statement Neo4j has not answered by its timeout plus this is given up on, client side. */
    deadlineMarginMs: number;
    local: {
      version: string;
      boltPort: number;
      heap: string;
      pageCache: string;
      startTimeoutMs: number;
      javaHome: string | undefined;
    };
    containerImage: string;
  };
  api: {
    limits: {
      maxDepth: number;
      maxAliases: number;
      maxTokens: number;
      maxCost: number;
      maxDocumentBytes: number;
    };
    graphiql: boolean;
    introspection: boolean;
    /** '*' or the allowed origins. */
    corsOrigins: '*' | string[];
    adminToken: string | null;
    responseCacheTtlMs: number;
    metrics: boolean;
    exportMaxConcurrent: number;
    /** Absolute, or null: any operation runs (persisted-operations.ts). */
    trustedDocumentsFile: string | null;
  };
  import: {
    /** Absolute, or null: download the pinned files instead. */
    dataDir: string | null;
    sourcesBaseUrl: string;
    onStart: 'auto' | 'never';
  };
  /** Absolute; holds the launcher's store and resolved classpath, the downloaded sources. */
  cacheDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// The password the launcher and the test container use when none is configured. They listen on
// loopback (or inside a private container network) only, so a fixed default is acceptable there.
export const LOCAL_DEFAULT_PASSWORD = 'local-neo4j-password';

type Env = Record<string, string | undefined>;

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
}

/** Every environment variable the service reads, for `.env.example` and its test. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(serverSchema.shape),
  ...Object.keys(neo4jSchema.shape),
  ...Object.keys(importSchema.shape),
  ...Object.keys(apiSchema.shape),
];

export function loadConfig(env: Env = process.env): Config {
  // Empty strings count as unset: `FOO=` in a .env file or compose file means "use the default".
  const cleaned: Env = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const server = serverSchema
    .superRefine((env, ctx) => {
      // node:http refuses a headers timeout longer than the request timeout it is part of.
      if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
        ctx.addIssue({
          code: 'custom',
          path: ['HTTP_HEADERS_TIMEOUT_MS'],
          message: `must not exceed HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS})`,
        });
      }
    })
    .safeParse(cleaned);
  const neo4j = neo4jSchema.safeParse(cleaned);
  const importing = importSchema.safeParse(cleaned);
  const api = apiSchema.safeParse(cleaned);
  const problems = [
    ...(server.success ? [] : describeIssues(server.error)),
    ...(neo4j.success ? [] : describeIssues(neo4j.error)),
    ...(importing.success ? [] : describeIssues(importing.error)),
    ...(api.success ? [] : describeIssues(api.error)),
  ];
  if (!server.success || !neo4j.success || !importing.success || !api.success)
    throw new ConfigError(problems);
  const a = api.data;
  const s = server.data;
  const n = neo4j.data;
  const i = importing.data;
  return {
    server: {
      host: s.HOST,
      port: s.PORT,
      logLevel: s.LOG_LEVEL,
      timeouts: {
        headersMs: s.HTTP_HEADERS_TIMEOUT_MS,
        requestMs: s.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveMs: s.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
    },
    neo4j: {
      provider: n.NEO4J_PROVIDER,
      uri: n.NEO4J_URI,
      user: n.NEO4J_USER,
      password: n.NEO4J_PASSWORD ?? LOCAL_DEFAULT_PASSWORD,
      database: n.NEO4J_DATABASE,
      queryTimeoutMs: n.NEO4J_QUERY_TIMEOUT_MS,
      deadlineMarginMs: n.NEO4J_DEADLINE_MARGIN_MS,
      local: {
        version: n.NEO4J_LOCAL_VERSION,
        boltPort: n.NEO4J_LOCAL_BOLT_PORT,
        heap: n.NEO4J_LOCAL_HEAP,
        pageCache: n.NEO4J_LOCAL_PAGECACHE,
        startTimeoutMs: n.NEO4J_LOCAL_START_TIMEOUT_MS,
        javaHome: n.JAVA_HOME,
      },
      containerImage: n.NEO4J_CONTAINER_IMAGE,
    },
    api: {
      limits: {
        maxDepth: a.LIMIT_MAX_DEPTH,
        maxAliases: a.LIMIT_MAX_ALIASES,
        maxTokens: a.LIMIT_MAX_TOKENS,
        maxCost: a.LIMIT_MAX_COST,
        maxDocumentBytes: a.LIMIT_MAX_DOCUMENT_BYTES,
      },
      graphiql: a.GRAPHIQL_ENABLED,
      introspection: a.INTROSPECTION_ENABLED,
      corsOrigins:
        a.CORS_ORIGINS.trim() === '*'
          ? '*'
          : a.CORS_ORIGINS.split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
      adminToken: a.ADMIN_TOKEN ?? null,
      responseCacheTtlMs: a.RESPONSE_CACHE_TTL_MS,
      metrics: a.METRICS_ENABLED,
      exportMaxConcurrent: a.EXPORT_MAX_CONCURRENT,
      trustedDocumentsFile: a.TRUSTED_DOCUMENTS_FILE
        ? path.resolve(PROJECT_ROOT, a.TRUSTED_DOCUMENTS_FILE)
        : null,
    },
    import: {
      dataDir: i.CNCF_DATA_DIR ? path.resolve(PROJECT_ROOT, i.CNCF_DATA_DIR) : null,
      sourcesBaseUrl: i.SOURCES_BASE_URL,
      onStart: i.IMPORT_ON_START,
    },
    cacheDir: path.resolve(PROJECT_ROOT, n.CACHE_DIR),
  };
}
