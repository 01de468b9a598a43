import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Operations sent by their hash instead of their text, two ways:
 *
 * - **Automatic persisted queries** (Apollo's APQ, what Apollo Client's persisted-queries link, urql
 *   and graphql-request speak): a client sends `extensions.persistedQuery.sha256Hash` alone; an
 *   unknown hash is answered `PersistedQueryNotFound`, and the client sends the text with the hash
 *   once, which is kept (checked against the hash) for the next time. On by default.
 * - **Trusted documents** (TRUSTED_DOCUMENTS_FILE): only the operations of a manifest are run, by
 *   hash; any other text is refused. The manifest is what GraphQL Code Generator's client preset
 *   writes with `persistedDocuments: true` (`{ "<sha256>": "<document>" }`), so an app's build
 *   lists what production may run. Checked when the service starts: each hash must be its
 *   document's, and each document valid against this schema.
 */

/** Apollo's codes, which clients match on to send the text after a miss. */
const NOT_FOUND = { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } };

export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The manifest at `file`, checked: hashes, documents, and every document valid against `schema`. */
export function loadTrustedDocuments(file: string, schema: GraphQLSchema): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TrustedDocumentsError(
      `TRUSTED_DOCUMENTS_FILE ${file} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new TrustedDocumentsError(
      `TRUSTED_DOCUMENTS_FILE ${file} must hold an object of sha256 hash → document, as GraphQL Code Generator's persisted-documents.json does`,
    );
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') throw new TrustedDocumentsError(`${file}: ${hash} is not a document`);
    if (sha256Hex(document) !== hash)
      throw new TrustedDocumentsError(`${file}: ${hash} is not the sha256 of its document`);
    let errors: readonly Error[];
    try {
      errors = validate(schema, parse(document));
    } catch (error) {
      errors = [error as Error];
    }
    if (errors.length > 0) {
      throw new TrustedDocumentsError(
        `${file}: the document of ${hash} does not fit this schema: ${errors[0]?.message}`,
      );
    }
    documents.set(hash, document);
  }
  return documents;
}

/**
 * Documents registered by clients, the least recently used dropped first: at most `maxEntries`,
 * and `maxBytes` of text in all, so that registering is no way to fill the server's memory.
 */
export class RegisteredDocuments {
  private readonly documents = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  get(hash: string): string | null {
    const document = this.documents.get(hash);
    if (document === undefined) return null;
    // Used again: last out.
    this.documents.delete(hash);
    this.documents.set(hash, document);
    return document;
  }

  set(hash: string, document: string): void {
    if (this.documents.has(hash)) return;
    const size = Buffer.byteLength(document, 'utf8');
    if (size > this.limits.maxBytes) return;
    this.documents.set(hash, document);
    this.bytes += size;
    for (const [oldest, text] of this.documents) {
      if (this.documents.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.documents.delete(oldest);
      this.bytes -= Buffer.byteLength(text, 'utf8');
    }
  }

  get size(): number {
    return this.documents.size;
  }
}

/** The hash a request names (`extensions.persistedQuery`, version 1), or null. */
function requestedHash(extensions: unknown): string | null {
  const persisted = (
    extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined
  )?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

export const REGISTERED_DOCUMENTS_LIMITS = { maxEntries: 1_000, maxBytes: 8 * 1024 * 1024 };

/**
 * The plugins: trusted documents only when `trusted` is given, else automatic persisted queries
 * kept in `registered`, each document no larger than `maxDocumentBytes` (the limit every query has).
 */
export function persistedOperationPlugins(options: {
  trusted: Map<string, string> | null;
  maxDocumentBytes: number;
  registered?: RegisteredDocuments;
}): Plugin[] {
  if (options.trusted !== null) {
    const trusted = options.trusted;
    return [
      usePersistedOperations({
        getPersistedOperation: (hash) => trusted.get(hash) ?? null,
        allowArbitraryOperations: false,
        customErrors: {
          notFound: {
            message:
              'PersistedQueryNotFound: this server runs only its trusted documents, and this hash is not one',
            extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
          },
          persistedQueryOnly: {
            message: 'PersistedQueryOnly: this server runs only its trusted documents; send the hash of one',
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
          },
          keyNotFound: {
            message: 'PersistedQueryKeyNotFound: send extensions.persistedQuery { version: 1, sha256Hash }',
            extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
          },
        },
      }),
    ];
  }
  const registered = options.registered ?? new RegisteredDocuments(REGISTERED_DOCUMENTS_LIMITS);
  return [
    {
      onParams({ params, setParams }) {
        const hash = requestedHash(params.extensions);
        if (hash === null) return;
        if (typeof params.query === 'string') {
          // The text with its hash: checked and kept for the next request that sends the hash alone.
          if (sha256Hex(params.query) !== hash) {
            throw createGraphQLError('provided sha does not match query', {
              extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } },
            });
          }
          if (Buffer.byteLength(params.query, 'utf8') <= options.maxDocumentBytes)
            registered.set(hash, params.query);
          return;
        }
        const query = registered.get(hash);
        if (query === null) throw createGraphQLError(NOT_FOUND.message, { extensions: NOT_FOUND.extensions });
        setParams({ ...params, query });
      },
    },
  ];
}
