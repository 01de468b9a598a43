import { pino } from 'pino';

/** The slice of a logger that library-like modules (launcher, importer) need; pino satisfies it. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  // JSON lines on stdout: what log shippers expect; pipe through `pino-pretty` to read them locally.
  return pino({ level, base: { service: 'cncf-knowledge-graph' } });
}

/** A Log for tests and scripts that write plain lines to stderr instead of JSON. */
export const consoleLog: Log = {
  info: (message) => console.error(message),
  warn: (message) => console.error(`warning: ${message}`),
  error: (message) => console.error(`error: ${message}`),
  debug: () => {},
};
