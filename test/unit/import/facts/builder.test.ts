import { describe, expect, it } from 'vitest';
import { FactsBuilder } from '../../../../src/import/facts/builder.ts';
import { ProjectCatalog } from '../../../../src/import/facts/project-catalog.ts';
import { PersonResolver } from '../../../../src/import/identity.ts';

// A small invented context: a catalogue with the landscape's spelling of OPA, and two people called
// Lei Zhang so that a name-only mention stays ambiguous.
function newBuilder(): FactsBuilder {
  return new FactsBuilder('test-source', {
    people: new PersonResolver([
      { name: 'Lei Zhang', handle: 'resouer', organization: 'Alibaba', bodyIds: [], via: 'a#L1' },
      { name: 'Lei Zhang', handle: 'stevenleizhang', organization: 'JD.com', bodyIds: [], via: 'b#L2' },
    ]),
    projects: new ProjectCatalog([
      { name: 'Open Policy Agent (OPA)', cncf: true },
      { name: 'Chaos Mesh', cncf: true },
    ]),
  });
}

describe('FactsBuilder', () => {
  it('merges a node mentioned twice, collecting the other spellings and both sets of properties', () => {
    const builder = newBuilder();
    const first = builder.node('Project', 'project:x', 'X', { homepage: 'https://x.example' }, ['x-old']);
    const second = builder.node('Project', 'project:x', 'X Project', { repoUrl: 'https://git.example/x' }, [
      'x-old',
      'X',
    ]);
    expect(second).toEqual(first);
    const { nodes } = builder.build();
    expect(nodes).toEqual([
      {
        label: 'Project',
        id: 'project:x',
        name: 'X',
        aliases: ['x-old', 'X Project'],
        props: { homepage: 'https://x.example', repoUrl: 'https://git.example/x' },
      },
    ]);
  });

  it('keeps nodes with the same id but different labels apart', () => {
    const builder = newBuilder();
    builder.node('Project', 'same', 'Same');
    builder.node('Body', 'same', 'Same');
    expect(builder.build().nodes.map((node) => node.label)).toEqual(['Project', 'Body']);
  });

  it('gives different statements from the same line distinct keys', () => {
    const builder = newBuilder();
    const person = builder.node('Person', 'person:gh:a', 'A');
    const toc = builder.toc();
    builder.claim('SERVES_ON', person, toc, 16, { since: '2020-02-04', until: '2020-11-02' });
    builder.claim('SERVES_ON', person, toc, 16, { since: '2022-03-18', until: '2026-02-04' });
    builder.claim('SERVES_ON', person, toc, 17, { since: '2022-03-18', until: '2026-02-04' });
    expect(builder.build().claims.map((claim) => [claim.key, claim.props.since])).toEqual([
      ['SERVES_ON|person:gh:a|body:toc|L16', '2020-02-04'],
      ['SERVES_ON|person:gh:a|body:toc|L16|2', '2022-03-18'],
      ['SERVES_ON|person:gh:a|body:toc|L17', '2022-03-18'],
    ]);
  });

  it('merges a statement made twice from the same line, also when it is not the first on that line', () => {
    const builder = newBuilder();
    const person = builder.node('Person', 'person:gh:a', 'A');
    const toc = builder.toc();
    builder.claim('SERVES_ON', person, toc, 16, { since: '2020-02-04' });
    builder.claim('SERVES_ON', person, toc, 16, { since: '2022-03-18' });
    // Same properties in another order, and a null that is dropped anyway: the same statement.
    builder.claim('SERVES_ON', person, toc, 16, { until: null, since: '2022-03-18' });
    builder.claim('SERVES_ON', person, toc, 16, { since: '2020-02-04' });
    expect(builder.build().claims.map((claim) => claim.key)).toEqual([
      'SERVES_ON|person:gh:a|body:toc|L16',
      'SERVES_ON|person:gh:a|body:toc|L16|2',
    ]);
  });

  it('merges identical line-less claims (a subcategory named by every item in it)', () => {
    const builder = newBuilder();
    const sub = builder.node('Category', 'category:a/b', 'B');
    const cat = builder.node('Category', 'category:a', 'A');
    builder.claim('SUBCATEGORY_OF', sub, cat, null, { observedAt: '2026-08-07' });
    builder.claim('SUBCATEGORY_OF', sub, cat, null, { observedAt: '2026-08-07' });
    expect(builder.build().claims).toEqual([
      {
        type: 'SUBCATEGORY_OF',
        from: { label: 'Category', id: 'category:a/b' },
        to: { label: 'Category', id: 'category:a' },
        line: null,
        key: 'SUBCATEGORY_OF|category:a/b|category:a|L-',
        props: { observedAt: '2026-08-07' },
      },
    ]);
  });

  it('drops null properties from nodes and claims, and a later null does not erase a known value', () => {
    const builder = newBuilder();
    const project = builder.node('Project', 'project:x', 'X', {
      homepage: 'https://x.example',
      repoUrl: null,
    });
    builder.node('Project', 'project:x', 'X', { homepage: null, description: null });
    builder.claim('MAINTAINS', builder.node('Person', 'person:gh:a', 'A'), project, 3, {
      group: null,
      role: 'lead',
    });
    const facts = builder.build();
    expect(facts.nodes.find((node) => node.id === 'project:x')?.props).toEqual({
      homepage: 'https://x.example',
    });
    expect(facts.claims[0]?.props).toEqual({ role: 'lead' });
  });

  it('gives no organization node for values that name no employer', () => {
    const builder = newBuilder();
    for (const value of ['Independent', 'Individual', 'individual', ' Self ', '', null]) {
      expect(builder.organization(value), String(value)).toBeNull();
    }
    expect(builder.build().nodes).toEqual([]);
  });

  it('names an organization by its canonical spelling and keeps the raw one as an alias', () => {
    const builder = newBuilder();
    expect(builder.organization('JD')).toEqual({ label: 'Organization', id: 'org:jdcom' });
    expect(builder.build().nodes).toEqual([
      { label: 'Organization', id: 'org:jdcom', name: 'JD.com', aliases: ['JD'], props: {} },
    ]);
  });

  it('files a project under its catalogue name when a source uses the long form or the abbreviation', () => {
    const builder = newBuilder();
    const long = builder.project('Open Policy Agent');
    const short = builder.project('OPA');
    const spaced = builder.project('ChaosMesh');
    expect(long).toEqual({ label: 'Project', id: 'project:open-policy-agent-opa' });
    expect(short).toEqual(long);
    expect(spaced).toEqual({ label: 'Project', id: 'project:chaos-mesh' });
    expect(builder.build().nodes).toEqual([
      {
        label: 'Project',
        id: 'project:open-policy-agent-opa',
        name: 'Open Policy Agent (OPA)',
        aliases: ['Open Policy Agent', 'OPA'],
        props: {},
      },
      { label: 'Project', id: 'project:chaos-mesh', name: 'Chaos Mesh', aliases: ['ChaosMesh'], props: {} },
    ]);
  });

  it('files a project the catalogue does not know under the name as written', () => {
    const builder = newBuilder();
    expect(builder.project('  Spring Cloud Alibaba ')).toEqual({
      label: 'Project',
      id: 'project:spring-cloud-alibaba',
    });
    expect(builder.build().nodes[0]).toMatchObject({ name: 'Spring Cloud Alibaba', aliases: [] });
  });

  it('records no resolution properties for a person whose handle the source gives', () => {
    const builder = newBuilder();
    const { ref, resolution } = builder.person({ name: 'Lei Zhang', handle: 'StevenLeiZhang' });
    expect(ref).toEqual({ label: 'Person', id: 'person:gh:stevenleizhang' });
    expect(resolution).toEqual({});
    expect(builder.build().nodes).toEqual([
      {
        label: 'Person',
        id: 'person:gh:stevenleizhang',
        name: 'Lei Zhang',
        aliases: [],
        props: { handle: 'stevenleizhang' },
      },
    ]);
  });

  it('records how an ambiguous name was left apart, and the claim keeps only the non-null parts', () => {
    const builder = newBuilder();
    const { ref, resolution } = builder.person({ name: 'Lei Zhang', handle: null });
    expect(ref).toEqual({ label: 'Person', id: 'person:name:lei-zhang' });
    expect(resolution).toEqual({
      nameAsWritten: 'Lei Zhang',
      personResolvedBy: 'ambiguous-name',
      personResolvedVia: null,
      personCandidates: ['resouer', 'stevenleizhang'],
    });
    builder.claim('SERVES_ON', ref, builder.toc(), 27, { seat: 'member', ...resolution });
    const facts = builder.build();
    expect(facts.claims[0]?.props).toEqual({
      seat: 'member',
      nameAsWritten: 'Lei Zhang',
      personResolvedBy: 'ambiguous-name',
      personCandidates: ['resouer', 'stevenleizhang'],
    });
    // A name-keyed person has no handle, so no handle property at all (not a null one).
    expect(facts.nodes.find((node) => node.label === 'Person')?.props).toEqual({});
  });
});
