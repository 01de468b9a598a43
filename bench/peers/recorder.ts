/**
 * A neo4j-driver Driver that notes every statement sent through it, so that one request to any of
 * the three sides can be measured the same way: how many Cypher round trips it took, and which
 * statements (with their parameters) were run, to replay under PROFILE afterwards.
 *
 * It wraps the public API the three sides use (executeQuery; session.run; executeRead/Write and
 * their transactions' run; beginTransaction), and forwards everything else untouched.
 */
import type { Driver, Session } from 'neo4j-driver';

export interface Statement {
  cypher: string;
  parameters: Record<string, unknown>;
}

export class StatementRecorder {
  private recording: Statement[] | null = null;

  /** Runs `work` and gives back the statements sent while it ran (nothing else may run meanwhile). */
  async record<T>(work: () => Promise<T>): Promise<{ value: T; statements: Statement[] }> {
    if (this.recording) throw new Error('One recording at a time');
    const statements: Statement[] = [];
    this.recording = statements;
    try {
      return { value: await work(), statements };
    } finally {
      this.recording = null;
    }
  }

  note(cypher: unknown, parameters: unknown): void {
    this.recording?.push({
      cypher: typeof cypher === 'string' ? cypher : String((cypher as { text?: string })?.text ?? cypher),
      parameters: (parameters ?? {}) as Record<string, unknown>,
    });
  }

  /** `method`, noting the statement (its first two arguments) before it runs. */
  private noting(object: object, method: (...args: unknown[]) => unknown) {
    return (cypher: unknown, parameters?: unknown, ...rest: unknown[]) => {
      this.note(cypher, parameters);
      return method.call(object, cypher, parameters, ...rest);
    };
  }

  /** `driver`, with every statement run through it noted while a recording is on. */
  wrap(driver: Driver): Driver {
    // Each proxy answers its own methods and forwards the rest, bound to the real object.
    const proxy = <T extends object>(
      target: T,
      wrapMethod: (key: PropertyKey, method: (...args: unknown[]) => unknown, object: T) => unknown,
    ): T =>
      new Proxy(target, {
        get(object, key) {
          const value = Reflect.get(object, key, object);
          if (typeof value !== 'function') return value;
          return wrapMethod(key, value as (...args: unknown[]) => unknown, object) ?? value.bind(object);
        },
      });
    const withRun = <T extends object>(transaction: T): T =>
      proxy(transaction, (key, method, object) => (key === 'run' ? this.noting(object, method) : undefined));
    const wrapSession = (session: Session): Session =>
      proxy(session, (key, method, object) => {
        if (key === 'run') return this.noting(object, method);
        if (key === 'executeRead' || key === 'executeWrite')
          return (work: (tx: object) => unknown, ...rest: unknown[]) =>
            method.call(object, (tx: object) => work(withRun(tx)), ...rest);
        if (key === 'beginTransaction')
          return (...args: unknown[]) => withRun(method.apply(object, args) as object);
        return undefined;
      });
    return proxy(driver, (key, method, object) => {
      if (key === 'session')
        return (...args: unknown[]) => wrapSession(method.apply(object, args) as Session);
      if (key === 'executeQuery') return this.noting(object, method);
      return undefined;
    });
  }
}
