import { describe, expect, it } from 'vitest';
import { KNOWN_UNMATCHED, ProjectCatalog } from '../../../../src/import/facts/project-catalog.ts';
import { parseLandscape } from '../../../../src/import/parse/landscape.ts';
import { readSource } from '../source-text.ts';
import { MAINTAINERS_CSV_PROJECT_NAMES } from './maintainers-csv-project-names.ts';

// Invented items spelled as the landscape spells them (the real landscape has these names).
const catalog = new ProjectCatalog([
  { name: 'Open Policy Agent (OPA)', cncf: true },
  { name: 'Chaos Mesh', cncf: true },
  { name: 'Kubernetes', cncf: true },
  { name: 'Litmus', cncf: true },
  { name: 'CubeFS', cncf: true },
  // The same name outside and inside the CNCF, in both orders: the CNCF item must win either way.
  { name: 'Dragonfly', cncf: false },
  { name: 'dragonfly', cncf: true },
  { name: 'Flux', cncf: true },
  { name: 'FLUX', cncf: false },
  { name: 'Apache RocketMQ', cncf: false },
]);

describe('ProjectCatalog', () => {
  it('finds a bracketed name from its long form, its abbreviation and its full spelling', () => {
    expect(catalog.canonicalName('Open Policy Agent')).toBe('Open Policy Agent (OPA)');
    expect(catalog.canonicalName('OPA')).toBe('Open Policy Agent (OPA)');
    expect(catalog.canonicalName('open policy agent (opa)')).toBe('Open Policy Agent (OPA)');
  });

  it('ignores case, spacing and punctuation', () => {
    expect(catalog.canonicalName('ChaosMesh')).toBe('Chaos Mesh');
    expect(catalog.canonicalName('chaos-mesh')).toBe('Chaos Mesh');
    expect(catalog.canonicalName('  KUBERNETES ')).toBe('Kubernetes');
  });

  it('maps the old names the maintainers list still uses to the current landscape names', () => {
    expect(catalog.canonicalName('LitmusChaos')).toBe('Litmus');
    expect(catalog.canonicalName('ChubaoFS')).toBe('CubeFS');
  });

  it('prefers the CNCF item over a non-CNCF item of the same name, whichever comes first', () => {
    expect(catalog.canonicalName('Dragonfly')).toBe('dragonfly');
    expect(catalog.canonicalName('flux')).toBe('Flux');
  });

  it('returns null for a name it does not know, and does not match on a prefix', () => {
    expect(catalog.canonicalName('Spring Cloud Alibaba')).toBeNull();
    expect(catalog.canonicalName('Kube')).toBeNull();
    expect(catalog.canonicalName('')).toBeNull();
  });

  it('finds an Apache project under its name without the prefix', () => {
    // The landscape spells it "Apache RocketMQ"; the article says "RocketMQ".
    expect(catalog.canonicalName('RocketMQ')).toBe('Apache RocketMQ');
  });

  it('drops one descriptive last word: Project, Workflow or -io from the landscape name, Specification from the source', () => {
    const suffixes = new ProjectCatalog([
      { name: 'Notary Project', cncf: true },
      { name: 'Cadence Workflow', cncf: true },
      { name: 'metal3-io', cncf: true },
      { name: 'Serverless Workflow', cncf: true },
      { name: 'ko', cncf: true },
    ]);
    expect(suffixes.match('Notary')).toEqual({ name: 'Notary Project', rule: 'descriptive-suffix' });
    expect(suffixes.canonicalName('Cadence')).toBe('Cadence Workflow');
    expect(suffixes.canonicalName('metal3')).toBe('metal3-io');
    expect(suffixes.canonicalName('Serverless Workflow Specification')).toBe('Serverless Workflow');
    // Only one side loses a word, and something of 3 or more characters must be left.
    expect(suffixes.canonicalName('Notary Specification')).toBeNull();
    expect(suffixes.canonicalName('ko project')).toBeNull();
  });

  it('does not take an operator for its project', () => {
    const operators = new ProjectCatalog([
      { name: 'Prometheus', cncf: true },
      { name: 'Logging Operator', cncf: false },
    ]);
    expect(operators.canonicalName('Prometheus Operator')).toBeNull();
    expect(operators.canonicalName('Logging')).toBeNull();
  });

  it('refuses a name that reaches two different projects, and says which', () => {
    const colliding = new ProjectCatalog([
      { name: 'Foo Project', cncf: true },
      { name: 'Foo Workflow', cncf: true },
      { name: 'Amazon Elastic Container Service for Kubernetes (EKS)', cncf: false },
      { name: 'EasyStack Kubernetes Service (EKS)', cncf: false },
      { name: 'Bar Workflow', cncf: true },
      { name: 'Bar Project', cncf: false },
    ]);
    expect(colliding.match('Foo')).toEqual({
      name: null,
      reason: 'ambiguous',
      candidates: ['Foo Project', 'Foo Workflow'],
    });
    expect(colliding.canonicalName('EKS')).toBeNull();
    // A CNCF item does not win a shortened name from an unrelated item.
    expect(colliding.canonicalName('Bar')).toBeNull();
  });

  it('lets a shortened name reach one project listed twice, the CNCF item winning', () => {
    const twice = new ProjectCatalog([
      { name: 'containerd (Wasm)', cncf: false },
      { name: 'containerd', cncf: true },
    ]);
    expect(twice.canonicalName('containerd project')).toBe('containerd');
  });

  it('never lets a shortened name override a name the landscape has as such', () => {
    const exact = new ProjectCatalog([
      { name: 'Serverless Workflow', cncf: true },
      { name: 'Serverless', cncf: false },
    ]);
    expect(exact.canonicalName('Serverless')).toBe('Serverless');
  });

  it('lists the names that reach no project once each, with why', () => {
    expect(catalog.unmatched(['Kubernetes', 'Nope', 'Nope', '  ', 'Flux'])).toEqual([
      { name: 'Nope', reason: 'not-in-landscape', candidates: [], known: null },
      { name: '  ', reason: 'empty', candidates: [], known: null },
    ]);
  });
});

describe('ProjectCatalog over the real landscape', () => {
  const rows = parseLandscape(readSource('landscape/landscape.yml@153d699')).projects.rows;
  const real = new ProjectCatalog(rows.map((row) => ({ name: row.name, cncf: row.maturity !== null })));
  const cncfNames = new Set(rows.filter((row) => row.maturity !== null).map((row) => row.name));

  it.each([
    ['Notary', 'Notary Project'],
    ['metal3', 'metal3-io'],
    ['metal3-io', 'metal3-io'],
    ['Cadence', 'Cadence Workflow'],
    ['External Secrets Operator', 'external-secrets'],
    ['OPCR', 'Open Policy Containers'],
    ['Open Workflow Specification', 'Serverless Workflow'],
    ['Serverless Workflow Specification', 'Serverless Workflow'],
    ['VS Code Kubernetes Tools', 'Visual Studio Code Kubernetes Tools'],
    ['Visual Studio Code Kubernetes Tools', 'Visual Studio Code Kubernetes Tools'],
    ['Apicurio', 'Apicurio Registry'],
    ['k8dash', 'Skooner'],
    ['skooner', 'Skooner'],
    ['Hexa Policy Orchestrator', 'Hexa'],
    ['LitmusChaos', 'Litmus'],
    ['ChubaoFS', 'CubeFS'],
    ['k8sgpt-ai', 'K8sGPT'],
  ])("maps the maintainers list's %j to the landscape's %j", (csvName, landscapeName) => {
    expect(real.canonicalName(csvName)).toBe(landscapeName);
    expect(cncfNames.has(landscapeName)).toBe(true);
  });

  it('refuses the names that reach two different landscape items', () => {
    expect(real.match('EKS')).toMatchObject({ name: null, reason: 'ambiguous' });
    // "Cocktail.io" is listed as a KCSP and as a KCNTP, neither a CNCF project.
    expect(real.match('Cocktail')).toMatchObject({ name: null, reason: 'ambiguous' });
    expect(real.canonicalName('Serverless')).toBe('Serverless');
    expect(real.canonicalName('Prometheus Operator')).toBeNull();
  });

  it('maps every landscape name to itself, or to the first spelling of a name listed twice', () => {
    const elsewhere = rows
      .filter((row) => real.canonicalName(row.name) !== row.name)
      .map((row) => [row.name, real.canonicalName(row.name)]);
    // The landscape lists these twice, spelled two ways; both spellings share one project id.
    expect(elsewhere).toEqual([
      ['OpenGauss', 'openGauss'],
      ['Trulens', 'TruLens'],
    ]);
  });

  it('maps every project name the maintainers list ever used to a CNCF project, or documents why not', () => {
    const names = [...MAINTAINERS_CSV_PROJECT_NAMES];
    expect(names).toHaveLength(266);
    const mapped = names.flatMap((name) => real.canonicalName(name) ?? []);
    expect(mapped.filter((name) => !cncfNames.has(name))).toEqual([]);
    const unmatched = real.unmatched(names);
    expect(unmatched.filter((entry) => entry.known === null)).toEqual([]);
    expect(unmatched.map((entry) => entry.name).sort()).toEqual(
      names.filter((name) => KNOWN_UNMATCHED[name] !== undefined).sort(),
    );
  });

  it("puts every spelling of one project on one node: no two versions' names collapse wrongly", () => {
    const byTarget = new Map<string, Set<string>>();
    for (const name of MAINTAINERS_CSV_PROJECT_NAMES) {
      const target = real.canonicalName(name);
      if (target !== null) byTarget.set(target, (byTarget.get(target) ?? new Set()).add(name));
    }
    const merged = [...byTarget]
      .filter(([, spellings]) => spellings.size > 1)
      .map(([target, spellings]) => [target, [...spellings].sort()]);
    expect(Object.fromEntries(merged)).toEqual({
      'Apicurio Registry': ['Apicurio', 'Apicurio Registry'],
      CubeFS: ['ChubaoFS', 'CubeFS'],
      'Emissary-Ingress': ['Emissary-Ingress', 'Emissary-ingress'],
      KEDA: ['KEDA', 'Keda'],
      KubeVirt: ['KubeVirt', 'Kubevirt'],
      Kubewarden: ['Kubewarden', 'kubewarden'],
      'metal3-io': ['metal3', 'metal3-io'],
      sealer: ['Sealer', 'sealer'],
      'Serverless Workflow': ['Open Workflow Specification', 'Serverless Workflow Specification'],
      Skooner: ['k8dash', 'skooner'],
      Stacker: ['Stacker', 'stacker'],
      'Visual Studio Code Kubernetes Tools': [
        'VS Code Kubernetes Tools',
        'Visual Studio Code Kubernetes Tools',
      ],
    });
  });
});
