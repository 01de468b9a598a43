import type { HandleSighting, PersonMention, PersonResolution } from '../identity.ts';
import type { SourceFacts } from '../model.ts';
import type { BuildContext } from './builder.ts';
import { ProjectCatalog } from './project-catalog.ts';

/**
 * Facts remembered with what they were built from, so that an import after a new commit builds
 * only what the commit can have changed, not every row of every history again.
 *
 * A source's facts (or a history row's) are a function of its rows and of two lookups in the
 * context (facts/builder.ts is the only place that makes them): who a name written without a handle
 * refers to, and a project's catalogue name. An entry records the names it looked up, each with what
 * the resolver knew of that name then (`PersonResolver.known`), and the catalogue it used. It stands
 * while the catalogue is the same object and the resolver knows the same of each of those names; a
 * mention with a handle looks nothing up, so most rows' entries depend on the catalogue alone.
 *
 * Entries are keyed by object (a parsed source, a history's row): the parsers hand out the same
 * objects while the text is the same (importer.ts, HistoryParser), and a re-parse makes new ones,
 * which miss. Facts handed out are shared between imports and must not be changed by their users.
 */
export class FactsMemo {
  /** The handles the first pass of buildContext ties to bodies, per parsed source. */
  readonly firstPass = new BuiltTable<HandleSighting[]>();
  /** Facts built with the final context: per parsed source, and per history row. */
  readonly final = new BuiltTable<SourceFacts>();
  private readonly values = new Map<string, WeakMap<object, unknown>>();
  private lastCatalog: { key: string; catalog: ProjectCatalog } | null = null;

  /** The catalogue for these names: the last one while the names are the same, so entries stand. */
  catalog(names: { name: string; cncf: boolean }[]): ProjectCatalog {
    const key = JSON.stringify(names);
    if (this.lastCatalog?.key !== key) this.lastCatalog = { key, catalog: new ProjectCatalog(names) };
    return this.lastCatalog.catalog;
  }

  /**
   * A value computed from `key` alone (a parsed source's sightings, a row's claims with their
   * identities), once per object: `kind` names what is computed, so one key can have several.
   */
  once<V>(kind: string, key: object, compute: () => V): V {
    let table = this.values.get(kind);
    if (!table) {
      table = new WeakMap();
      this.values.set(kind, table);
    }
    if (table.has(key)) return table.get(key) as V;
    const value = compute();
    table.set(key, value);
    return value;
  }
}

interface Entry<T> {
  projects: BuildContext['projects'];
  /** Name as written → what the resolver knew of it when the value was built; null when none was looked up. */
  names: Map<string, string> | null;
  value: T;
}

/** Values built with a context, by key, each standing while the lookups it made would answer the same. */
export class BuiltTable<T> {
  private readonly entries = new WeakMap<object, Entry<T>>();

  build(key: object, context: BuildContext, build: (context: BuildContext) => T): T {
    const entry = this.entries.get(key);
    if (entry && entry.projects === context.projects && stands(entry.names, context)) return entry.value;
    let names: Map<string, string> | null = null;
    const people = {
      resolve: (mention: PersonMention): PersonResolution => {
        if (!mention.handle) {
          names ??= new Map();
          names.set(mention.name, context.people.known(mention.name));
        }
        return context.people.resolve(mention);
      },
      known: (name: string) => context.people.known(name),
    };
    const value = build({ people, projects: context.projects });
    this.entries.set(key, { projects: context.projects, names, value });
    return value;
  }
}

function stands(names: Map<string, string> | null, context: BuildContext): boolean {
  for (const [name, known] of names ?? []) if (context.people.known(name) !== known) return false;
  return true;
}
