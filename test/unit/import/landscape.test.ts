import { describe, expect, it } from 'vitest';
import {
  parseLandscape,
  parseLandscapeMembers,
  parseLandscapeProjects,
} from '../../../src/import/parse/landscape.ts';
import { readFixture } from './source-text.ts';

describe('parseLandscape', () => {
  const { projects, members } = parseLandscape(readFixture('landscape.yml'));
  const project = (name: string) => projects.rows.find((row) => row.name === name);
  const member = (name: string) => members.rows.find((row) => row.name === name);

  it('reads a CNCF project with its maturity, dated steps, other places and line', () => {
    expect(project('Kubernetes')).toEqual({
      name: 'Kubernetes',
      category: 'Orchestration & Management',
      subcategory: 'Scheduling & Orchestration',
      secondPaths: ['Wasm / Orchestration & Management', 'AI Native Infra / Orchestration and Scheduling'],
      description: null,
      homepage: 'https://kubernetes.io/',
      repoUrl: 'https://github.com/kubernetes/kubernetes',
      crunchbase: 'https://www.crunchbase.com/organization/cloud-native-computing-foundation',
      organization: null,
      maturity: 'graduated',
      steps: [
        { step: 'accepted', date: '2016-03-10' },
        { step: 'incubating', date: '2016-03-10' },
        { step: 'graduated', date: '2018-03-06' },
      ],
      parentProject: null,
      line: 32,
    });
  });

  it('orders steps by date and keeps the archived step', () => {
    expect(project('OpenTracing')).toMatchObject({
      maturity: 'archived',
      steps: [
        { step: 'accepted', date: '2016-10-11' },
        { step: 'incubating', date: '2016-10-11' },
        { step: 'archived', date: '2021-08-20' },
      ],
    });
  });

  it('gives null maturity and no steps to items that are not CNCF projects', () => {
    expect(project('Airship')).toMatchObject({
      maturity: null,
      steps: [],
      repoUrl: 'https://github.com/airshipit/treasuremap',
    });
  });

  it('reads an item written without the `item:` key', () => {
    expect(project('KubeReport')).toMatchObject({ category: 'Observability and Analysis', line: 51 });
  });

  it('reads an organization given as a name map', () => {
    expect(project('Updatecli')?.organization).toBe('updatecli');
  });

  it('rejects an item without a name', () => {
    expect(projects.rejected).toEqual([
      { line: 23, reason: 'item in Provisioning / Automation & Configuration without a name' },
    ]);
    expect(projects.rows).toHaveLength(5);
  });

  it('reads members with tier, join date and the membership suffix removed', () => {
    expect(member('Alibaba Cloud')).toEqual({
      name: 'Alibaba Cloud',
      tier: 'Platinum',
      membership: 'member',
      endUser: false,
      nonPublic: false,
      joined: '2017-05-01',
      homepage: 'https://us.alibabacloud.com/',
      crunchbase: 'https://www.crunchbase.com/organization/alibaba-cloud',
      line: 76,
    });
    expect(member('Adyen')).toMatchObject({ endUser: true, joined: '2026-05-01' });
  });

  it('removes only the trailing suffix from names with other parentheses', () => {
    expect(member('Ultimate Kronos Group (UKG)')).toMatchObject({
      tier: 'End User Supporter and Contributor',
      membership: 'supporter',
    });
  });

  it('flags non-public placeholder members, which have no join date', () => {
    expect(member('Non-Public Organization Alligator')).toMatchObject({
      nonPublic: true,
      joined: null,
      tier: 'Silver',
    });
  });

  it('keeps a member with an impossible join date without the date, and says so', () => {
    expect(member('Invented Member')?.joined).toBeNull();
    expect(members.rejected).toEqual([
      {
        line: 90,
        reason: "Invented Member (member): joined '2021-02-30' is not a YYYY-MM-DD date; row kept without it",
      },
    ]);
  });

  it('does not count members as projects', () => {
    expect(projects.rows.some((row) => row.category === 'CNCF Members')).toBe(false);
    expect(members.rows).toHaveLength(5);
  });

  it('offers the two halves as separate parsers', () => {
    expect(parseLandscapeProjects(readFixture('landscape.yml'))).toEqual(projects);
    expect(parseLandscapeMembers(readFixture('landscape.yml'))).toEqual(members);
  });

  it('throws on a file without the landscape list', () => {
    expect(() => parseLandscape('categories: []\n')).toThrow("no top-level 'landscape' list");
    expect(() => parseLandscape('landscape:\n  - category: [\n')).toThrow('landscape.yml: invalid YAML');
  });
});
