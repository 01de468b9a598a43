import {
  AMBASSADORS_ID,
  anonymousOrganizationId,
  bodyId,
  CNCF_ID,
  GOVERNING_BOARD_ID,
  organizationId,
  projectId,
  TOC_ID,
} from '../../vocabulary/ids.ts';
import { organizationDisplayName } from '../../vocabulary/normalize.ts';
import type { PeopleLookup, PersonMention } from '../identity.ts';
import type { ClaimFact, ClaimType, NodeFact, NodeLabel, Properties, SourceFacts } from '../model.ts';
import type { BodyKind, Rejection } from '../rows.ts';
import type { ProjectCatalog } from './project-catalog.ts';

/** What every source's facts are built against: knowledge gathered from all sources first. */
export interface BuildContext {
  /** The only two lookups facts depend on besides their rows; facts/memo.ts relies on that. */
  people: PeopleLookup;
  projects: ProjectCatalog;
}

type NodeRef = { label: NodeLabel; id: string };

/**
 * Collects one source's nodes and claims. Nodes mentioned several times merge (aliases add up);
 * claims get keys unique within the source, derived from the line, so a re-run produces the same
 * keys and MERGE finds them.
 */
export class FactsBuilder {
  private readonly nodes = new Map<string, NodeFact>();
  private readonly claims = new Map<string, ClaimFact>();
  private readonly rejected: Rejection[] = [];

  constructor(
    readonly sourceId: string,
    readonly context: BuildContext,
  ) {}

  node(label: NodeLabel, id: string, name: string, props: Properties = {}, aliases: string[] = []): NodeRef {
    const existing = this.nodes.get(`${label}|${id}`);
    if (existing) {
      for (const alias of [name, ...aliases]) addAlias(existing, alias);
      // The first statement of a property within a source stands; later mentions only fill gaps.
      existing.props = { ...withoutNulls(props), ...existing.props };
    } else {
      const node: NodeFact = { label, id, name, aliases: [], props: withoutNulls(props) };
      for (const alias of aliases) addAlias(node, alias);
      this.nodes.set(`${label}|${id}`, node);
    }
    return { label, id };
  }

  /** A person node for a mention, and the claim properties that record how it was identified. */
  person(mention: PersonMention): { ref: NodeRef; resolution: Properties } {
    const resolution = this.context.people.resolve(mention);
    const ref = this.node('Person', resolution.personId, mention.name, { handle: resolution.handle });
    const props: Properties =
      resolution.resolvedBy === 'handle-in-source'
        ? {}
        : {
            nameAsWritten: mention.name,
            personResolvedBy: resolution.resolvedBy,
            personResolvedVia: resolution.resolvedVia,
            personCandidates: resolution.candidates.length > 0 ? resolution.candidates : null,
          };
    return { ref, resolution: props };
  }

  /** An organization node, or null for "Independent", "Individual" and the like. */
  organization(rawName: string | null, props: Properties = {}): NodeRef | null {
    if (!rawName) return null;
    const id = organizationId(rawName);
    const name = organizationDisplayName(rawName);
    if (!id || !name) return null;
    return this.node('Organization', id, name, props, [rawName.trim()]);
  }

  /**
   * A member listed under a placeholder instead of its name ("Non-Public Organization Bear"): an
   * organization marked `anonymous`, with no aliases and nothing that merges it with another. The
   * node scripts give it no name keys, so lookups by name and search never find it.
   */
  anonymousOrganization(placeholder: string): NodeRef {
    return this.node('Organization', anonymousOrganizationId(placeholder), placeholder.trim(), {
      anonymous: true,
    });
  }

  /** The id of the organization a name stands for, without adding a node; null for "Independent". */
  organizationKey(rawName: string | null): string | null {
    return rawName ? organizationId(rawName) : null;
  }

  /** `person` works for `company` as this line states it; nothing for "Independent" and the like. */
  affiliation(person: NodeRef, company: string | null, line: number | null, props: Properties): void {
    const organization = this.organization(company);
    if (organization)
      this.claim('AFFILIATED_WITH', person, organization, line, { companyAsWritten: company, ...props });
  }

  /** A project node under its catalogue name (the landscape's, where the project is there). */
  project(rawName: string, props: Properties = {}): NodeRef {
    const name = this.context.projects.canonicalName(rawName) ?? rawName.trim();
    return this.node('Project', projectId(name), name, props, [rawName.trim()]);
  }

  body(
    name: string,
    kind: BodyKind | 'TOC' | 'Foundation' | 'Board' | 'Program',
    props: Properties = {},
  ): NodeRef {
    // Older files write "TAG-App-Delivery"; the name shown is "TAG App Delivery", the other an alias.
    const display = /^(TAG|TCG)-/.test(name) ? name.replace(/-/g, ' ') : name;
    return this.node('Body', bodyId(name), display, { kind, ...props }, [name]);
  }

  // The bodies every source refers to by role rather than by a name it spells out.
  toc(): NodeRef {
    return this.node('Body', TOC_ID, 'TOC', { kind: 'TOC', fullName: 'Technical Oversight Committee' });
  }

  cncf(): NodeRef {
    return this.node('Body', CNCF_ID, 'CNCF', {
      kind: 'Foundation',
      fullName: 'Cloud Native Computing Foundation',
    });
  }

  governingBoard(): NodeRef {
    return this.node('Body', GOVERNING_BOARD_ID, 'Governing Board', { kind: 'Board' });
  }

  ambassadors(): NodeRef {
    return this.node('Body', AMBASSADORS_ID, 'CNCF Ambassadors', { kind: 'Program' });
  }

  /**
   * Adds a claim. The same statement made twice from the same line (a subcategory named by every
   * item in it) is one claim; different statements from one line get distinct keys.
   */
  claim(type: ClaimType, from: NodeRef, to: NodeRef, line: number | null, props: Properties = {}): void {
    const base = `${type}|${from.id}|${to.id}|L${line ?? '-'}`;
    const cleaned = withoutNulls(props);
    let key = base;
    for (let n = 2; this.claims.has(key); n += 1) {
      if (sameProperties(this.claims.get(key)?.props ?? {}, cleaned)) return;
      key = `${base}|${n}`;
    }
    this.claims.set(key, { type, from, to, line, key, props: cleaned });
  }

  reject(rejection: Rejection): void {
    this.rejected.push(rejection);
  }

  build(): SourceFacts {
    return {
      sourceId: this.sourceId,
      nodes: [...this.nodes.values()],
      claims: [...this.claims.values()],
      rejected: this.rejected,
    };
  }
}

function sameProperties(a: Properties, b: Properties): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

function addAlias(node: NodeFact, alias: string): void {
  const trimmed = alias.trim();
  if (trimmed && trimmed !== node.name && !node.aliases.includes(trimmed)) node.aliases.push(trimmed);
}

/** Neo4j cannot store null properties; an absent property is how "unknown" is written. */
function withoutNulls(props: Properties): Properties {
  return Object.fromEntries(
    Object.entries(props).filter(([, value]) => value !== null && value !== undefined),
  );
}
