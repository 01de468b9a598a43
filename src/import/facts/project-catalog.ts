import { projectKey } from '../../vocabulary/ids.ts';

/**
 * Names a source uses that no general rule below can safely reach, mapped (by spacing-free key) to the
 * landscape's name. Each entry says what ties the two together; "the CSV" is foundation's
 * project-maintainers.csv, whose history (2021-07-23 → 2026-08-21) shows each rename as one row replaced
 * by another with the same maintainers. A rename whose target is not in the catalogue is ignored.
 */
const RENAMES: Record<string, string> = {
  // Landscape "Litmus": homepage litmuschaos.io, repo github.com/litmuschaos/litmus; the CSV's owners
  // URL is github.com/litmuschaos/litmus too.
  litmuschaos: 'Litmus',
  // Landscape "CubeFS": repo github.com/cubeFS/cubefs; the CSV row "ChubaoFS" became "CubeFS" on
  // 2022-07-18 (foundation PR #392).
  chubaofs: 'CubeFS',
  // Landscape "K8sGPT": homepage www.k8sgpt.ai, repo github.com/k8sgpt-ai/k8sgpt; the CSV's "k8sgpt-ai"
  // is that GitHub organisation. Not a general rule: "AI" ends real project names.
  k8sgptai: 'K8sGPT',
  // Landscape "Open Policy Containers": repo github.com/opcr-io/policy, the repository of the CSV's
  // owners URL (github.com/opcr-io/policy/blob/main/MAINTAINERS.md). "OPCR" is no abbreviation of the name.
  opcr: 'Open Policy Containers',
  // Landscape "external-secrets": homepage external-secrets.io, repo github.com/external-secrets/
  // external-secrets, the repository of the CSV's owners URL for "External Secrets Operator". Not a general
  // rule: an operator is usually a project of its own.
  externalsecretsoperator: 'external-secrets',
  // Landscape "Visual Studio Code Kubernetes Tools": repo github.com/vscode-kubernetes-tools/...; the CSV
  // row of that name became "VS Code Kubernetes Tools" on 2026-02-11 (PR #1300,
  // "update-VS-Code-Kubernetes-Tools-name"), owners URL unchanged.
  vscodekubernetestools: 'Visual Studio Code Kubernetes Tools',
  // Landscape "Serverless Workflow": repo github.com/serverlessworkflow/specification. The CSV row
  // "Serverless Workflow Specification" (owners URL in that repository) became "Open Workflow
  // Specification" on 2026-08-07 (PR #1487, same maintainer ricardozanini); the landscape has no new name.
  openworkflowspecification: 'Serverless Workflow',
  // Landscape "Apicurio Registry": repo github.com/Apicurio/apicurio-registry; the CSV's "Apicurio" row
  // (added 2026-07-09, PR #1451) became "Apicurio Registry" on 2026-08-21 (PR #1497, same maintainer).
  // Not a general rule: a name's first word alone is not the project.
  apicurio: 'Apicurio Registry',
  // Landscape "Skooner": extra.lfx_slug is "k8dash"; the CSV's "k8dash" row (owners URL
  // github.com/indeedeng/k8dash) became "skooner" on 2023-06-05 (PR #572, same maintainer herbrandson).
  k8dash: 'Skooner',
  // Landscape "Hexa": repo github.com/hexa-org/policy-orchestrator, the repository of the CSV's owners
  // URL for "Hexa Policy Orchestrator" (github.com/hexa-org/policy-orchestrator/blob/main/MAINTAINERS.md).
  hexapolicyorchestrator: 'Hexa',
};

/**
 * Last words that describe rather than name a project, dropped from a landscape name: "Notary Project",
 * "Cadence Workflow", "metal3-io" (a GitHub organisation's "-io"). "Operator" is not one: an operator is
 * usually a project of its own ("Prometheus Operator" is not Prometheus).
 */
const LANDSCAPE_SUFFIXES = new Set(['project', 'workflow', 'io']);

/**
 * The same, dropped from a source's name: "Serverless Workflow Specification" is the landscape's
 * "Serverless Workflow". A specification of a project is not another project.
 */
const SOURCE_SUFFIXES = new Set(['project', 'specification', 'spec', 'io']);

/**
 * Names the maintainers list has used (2021-07-23 → 2026-08-21, all 930 first-parent versions) that match
 * no landscape project, with why; checked against landscape/landscape.yml.gz. Empty: every name used in
 * that history reaches its landscape project, through the rules or RENAMES above. A name added here must
 * say what was checked (e.g. "not in the landscape at this commit", "a sub-group, not a project").
 */
export const KNOWN_UNMATCHED: Readonly<Record<string, string>> = {};

interface Item {
  name: string;
  cncf: boolean;
}

/** How a name reached its landscape project. */
export type MatchRule = 'rename' | 'name' | 'name-part' | 'descriptive-suffix';

export type CatalogMatch =
  | { name: string; rule: MatchRule }
  | { name: null; reason: 'empty' | 'not-in-landscape' | 'ambiguous'; candidates: string[] };

/** A name that reaches no landscape project, and why. */
export interface UnmatchedName {
  name: string;
  reason: 'empty' | 'not-in-landscape' | 'ambiguous';
  /** For 'ambiguous': the landscape projects the name could mean, none of which is chosen. */
  candidates: string[];
  /** KNOWN_UNMATCHED's explanation, when the name is documented there. */
  known: string | null;
}

/**
 * Project names as the landscape spells them, found from the other spellings sources use:
 * "Open Policy Agent" and "OPA" for "Open Policy Agent (OPA)", "ChaosMesh" for "Chaos Mesh", "Notary"
 * for "Notary Project". Tried in order, the first step that reaches any landscape item decides:
 *  1. RENAMES (explicit, with evidence);
 *  2. the whole name, ignoring case, spacing and punctuation. Items reached here differ at most in those,
 *     so they are one name spelled twice ("openGauss" / "OpenGauss"): a CNCF-hosted item wins, then the
 *     first listed, whichever spelling is asked for (both spellings share one project id);
 *  3. the whole name or its parts (outside and inside brackets, without an "Apache " prefix) against the
 *     landscape names and their parts: a CNCF-hosted item wins over others; two different CNCF items (or,
 *     with none, two different other items) are a collision and the name is refused ("EKS");
 *  4. the name or its parts without one descriptive last word (SOURCE_SUFFIXES) against the landscape names
 *     and parts, and the name or its parts against landscape names without one (LANDSCAPE_SUFFIXES); only
 *     one side loses a word, and only when a word of 3 or more characters is left. The items
 *     reached must be one project: they must share a name or part ("containerd" and "containerd (Wasm)",
 *     where the CNCF item wins); anything else is a collision and refused ("Foo" when the landscape
 *     has "Foo Project" and "Foo Workflow"). Being last, this step never overrides a name the landscape
 *     has as such: "Serverless" stays the landscape's "Serverless", not the CNCF "Serverless Workflow".
 */
export class ProjectCatalog {
  private readonly byWhole = new Map<string, Item[]>();
  private readonly byPart = new Map<string, Item[]>();
  private readonly byShortened = new Map<string, Item[]>();
  /** Each item's whole and part keys: items sharing one are the same project listed twice. */
  private readonly partsOf = new Map<Item, Set<string>>();

  constructor(items: Iterable<Item>) {
    for (const item of items) {
      const keys = nameKeys(item.name);
      add(this.byWhole, [keys.whole], item);
      add(this.byPart, keys.parts, item);
      add(this.byShortened, shortened(keys.partsSpaced, LANDSCAPE_SUFFIXES), item);
      this.partsOf.set(item, new Set(keys.parts));
    }
  }

  canonicalName(name: string): string | null {
    return this.match(name).name;
  }

  /** The landscape name for `name` and the rule that found it, or why there is none. */
  match(name: string): CatalogMatch {
    const keys = nameKeys(name);
    if (keys.whole === '') return { name: null, reason: 'empty', candidates: [] };

    const renamed = RENAMES[keys.whole];
    if (renamed !== undefined) {
      const target = pick(this.byWhole.get(nameKeys(renamed).whole) ?? [], true);
      if (target.length === 1 && target[0]) return { name: target[0], rule: 'rename' };
    }

    const byName = this.byWhole.get(keys.whole) ?? [];
    if (byName.length > 0) {
      const cncf = byName.filter((item) => item.cncf);
      const pool = cncf.length > 0 ? cncf : byName;
      if (pool[0]) return { name: pool[0].name, rule: 'name' };
    }

    const byPart = keys.parts.flatMap((key) => this.byPart.get(key) ?? []);
    if (byPart.length > 0) return decide(pick(byPart, true), 'name-part');

    const byLoose = [
      ...shortened(keys.partsSpaced, SOURCE_SUFFIXES).flatMap((key) => this.byPart.get(key) ?? []),
      ...keys.parts.flatMap((key) => this.byShortened.get(key) ?? []),
    ];
    if (byLoose.length > 0) {
      const names = pick(byLoose, false);
      if (names.length === 1) return decide(names, 'descriptive-suffix');
      return decide(this.sameProject(byLoose) ? pick(byLoose, true) : names, 'descriptive-suffix');
    }
    return { name: null, reason: 'not-in-landscape', candidates: [] };
  }

  /** Whether every item shares a whole or part key with all the others (one project listed twice). */
  private sameProject(items: Item[]): boolean {
    const [first, ...rest] = items.map((item) => this.partsOf.get(item) ?? new Set<string>());
    if (!first) return false;
    return [...first].some((key) => rest.every((parts) => parts.has(key)));
  }

  /** The distinct names among `names` that reach no landscape project, each with why, in first-seen order. */
  unmatched(names: Iterable<string>): UnmatchedName[] {
    const result: UnmatchedName[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const found = this.match(name);
      if (found.name !== null) continue;
      const known = KNOWN_UNMATCHED[name.trim()] ?? null;
      result.push({ name, reason: found.reason, candidates: found.candidates, known });
    }
    return result;
  }
}

function decide(names: string[], rule: MatchRule): CatalogMatch {
  if (names.length === 1 && names[0]) return { name: names[0], rule };
  return { name: null, reason: 'ambiguous', candidates: names };
}

function add(index: Map<string, Item[]>, keys: string[], item: Item): void {
  for (const key of new Set(keys)) {
    const list = index.get(key);
    if (list) list.push(item);
    else index.set(key, [item]);
  }
}

/** The distinct names among `items`; with `preferCncf`, only the CNCF items' names when there are any. */
function pick(items: Item[], preferCncf: boolean): string[] {
  const cncf = items.filter((item) => item.cncf);
  const chosen = preferCncf && cncf.length > 0 ? cncf : items;
  return [...new Set(chosen.map((item) => item.name))].sort();
}

/**
 * Spacing-free keys of a name: `whole`; `parts`, the whole plus the name without its bracketed part,
 * that part, and the name without an "Apache " prefix; `partsSpaced`, the parts with their spaces.
 */
function nameKeys(name: string): { whole: string; parts: string[]; partsSpaced: string[] } {
  const spaced = projectKey(name);
  const bracket = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(name);
  const partsSpaced = [spaced];
  // "Apache RocketMQ" in the landscape is the article's "RocketMQ".
  if (spaced.startsWith('apache ')) partsSpaced.push(spaced.slice('apache '.length));
  if (bracket?.[1] && bracket[2]) partsSpaced.push(projectKey(bracket[1]), projectKey(bracket[2]));
  return {
    whole: compact(spaced),
    parts: [...new Set(partsSpaced.map(compact).filter(Boolean))],
    partsSpaced,
  };
}

/** Spacing-free keys of the spaced keys that end in one of `suffixes`, without it, when 3+ characters are left. */
function shortened(partsSpaced: string[], suffixes: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  for (const part of partsSpaced) {
    const words = part.split(' ');
    const last = words.at(-1);
    const rest = compact(words.slice(0, -1).join(' '));
    if (last && suffixes.has(last) && rest.length >= 3) keys.add(rest);
  }
  return [...keys];
}

function compact(spaced: string): string {
  return spaced.replace(/ /g, '');
}
