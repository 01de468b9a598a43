import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../src/import/parse/csv.ts';
import { parseProjectMaintainersCsv, splitProjectHeader } from '../../../src/import/parse/maintainers.ts';
import { EMAIL, readFixture } from './source-text.ts';

const parsed = parseProjectMaintainersCsv(readFixture('project-maintainers.csv'));
const rowAt = (line: number) => parsed.rows.find((row) => row.line === line);

describe('readCsvRecords', () => {
  it('reports the line each record starts on across CRLF, LF and multi-line quoted fields', () => {
    const records = readCsvRecords('a,b\r\n"x\r\ny",z\nlast,"q,uoted"');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\r\ny', 'z'] },
      { line: 4, fields: ['last', 'q,uoted'] },
    ]);
  });

  it('unescapes doubled quotes', () => {
    expect(readCsvRecords('"say ""hi""",b')[0]?.fields).toEqual(['say "hi"', 'b']);
  });

  it('throws when a quoted field never closes', () => {
    expect(() => readCsvRecords('a,"open\nb,c')).toThrow('line 1 is never closed');
  });
});

describe('parseProjectMaintainersCsv', () => {
  it('fills maturity and project down from the project row', () => {
    expect(rowAt(10)).toMatchObject({ project: 'Contour', maturity: 'incubating', name: 'Steve Sloka' });
  });

  it('starts a sub-group on a row with only column 2 and keeps it for the following rows', () => {
    expect(rowAt(4)).toMatchObject({
      project: 'Kubernetes',
      subgroup: 'Kubernetes maintainers',
      name: 'Adolfo García Veytia',
    });
    expect(rowAt(5)).toMatchObject({
      project: 'Kubernetes',
      subgroup: 'Kubernetes maintainers',
      name: 'Dan Sun',
    });
    expect(rowAt(13)).toMatchObject({
      project: 'Harbor',
      subgroup: 'Harbor: SIG Community',
      maturity: 'graduated',
    });
    expect(rowAt(26)).toMatchObject({ project: 'Tekton', subgroup: 'Tekton Pipeline' });
  });

  it('splits a project header that names a group of the project', () => {
    expect(rowAt(2)).toMatchObject({ project: 'Kubernetes', subgroup: 'Kubernetes steering' });
    expect(rowAt(19)).toMatchObject({ project: 'Istio', subgroup: 'Istio: Steering Committee' });
    expect(rowAt(25)).toMatchObject({ project: 'Tekton', subgroup: 'Tekton (Governance Committee)' });
    expect(rowAt(27)).toMatchObject({ project: 'TUF (The Update Framework)', subgroup: null });
  });

  it('keeps a quoted company with a comma whole', () => {
    expect(rowAt(4)?.company).toBe('Carabiner Systems, Inc');
  });

  it('trims stray spaces in every column, including the maturity and project', () => {
    expect(rowAt(5)?.company).toBe('Bloomberg');
    expect(rowAt(15)).toMatchObject({
      project: 'OpenFGA',
      name: 'Adrian Tam',
      company: 'Okta',
      handle: 'adriantam',
      ownersUrl: 'https://github.com/openfga/community/blob/main/MAINTAINERS.md',
    });
    expect(rowAt(22)?.maturity).toBe('sandbox');
  });

  it('gives a multi-line record the line it starts on and trims the line breaks out of its URL', () => {
    expect(rowAt(7)).toMatchObject({
      name: 'Nick Young',
      ownersUrl: 'https://github.com/projectcontour/community/blob/master/MAINTAINERS.md',
    });
  });

  it('lower-cases handles and strips a leading @', () => {
    expect(rowAt(22)?.handle).toBe('wu-wenxiang');
    expect(rowAt(13)?.handle).toBe('orlinvasilev');
  });

  it('inherits the group link, but not the project link into a sub-group without one', () => {
    expect(rowAt(3)?.ownersUrl).toBe('https://git.k8s.io/steering#members');
    expect(rowAt(4)?.ownersUrl).toBeNull();
    expect(rowAt(21)?.ownersUrl).toContain('TECH-OVERSIGHT-COMMITTEE.md');
  });

  it('keeps duplicate (project, handle) pairs for the loader to merge', () => {
    expect(parsed.rows.filter((row) => row.handle === 'aojea').map((row) => row.line)).toEqual([2, 3]);
  });

  it('keeps a row whose handle column holds a name, without the handle, and says so', () => {
    expect(rowAt(12)).toMatchObject({ name: 'Jérémie MONSINJON', handle: null, company: 'OVH Cloud' });
    expect(parsed.rejected).toContainEqual({
      line: 12,
      reason: "Github Name 'Jérémie MONSINJON' is not a GitHub login; row kept without a handle",
    });
  });

  it('keeps a row with a handle but no name', () => {
    expect(rowAt(16)).toMatchObject({ project: 'OpenFGA', name: null, handle: 'isolus' });
  });

  it('drops a non-URL link and a row with neither name nor handle', () => {
    expect(rowAt(14)?.ownersUrl).toBeNull();
    expect(parsed.rejected).toContainEqual({
      line: 14,
      reason: "OWNERS/MAINTAINERS value 'n/a' is not a URL; row kept without it",
    });
    expect(rowAt(17)).toBeUndefined();
    expect(parsed.rejected).toContainEqual({
      line: 17,
      reason: 'neither a maintainer name nor a GitHub handle',
    });
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(rowAt(24)).toBeUndefined();
    expect(parsed.rejected).toContainEqual({ line: 24, reason: 'expected 6 fields, found 7' });
  });

  it('never outputs an e-mail address given as a company', () => {
    expect(rowAt(18)).toMatchObject({ name: 'Invented Person', company: null });
    expect(JSON.stringify(parsed)).not.toMatch(EMAIL);
  });

  it('keeps the raw company of "@pengutronix" for organizationKey to clean', () => {
    expect(rowAt(23)?.company).toBe('@pengutronix');
  });

  it('skips blank lines without rejecting them', () => {
    expect(parsed.rejected.some((rejection) => rejection.line === 6)).toBe(false);
    expect(parsed.rows.map((row) => row.line)).toEqual([
      2, 3, 4, 5, 7, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 25, 26, 27,
    ]);
  });

  it('throws on a file without the expected header', () => {
    expect(() => parseProjectMaintainersCsv('Project,Name\nKubernetes,Someone\n')).toThrow(
      'unexpected header on line 1',
    );
    expect(() => parseProjectMaintainersCsv('')).toThrow('the file is empty');
  });

  it('rejects member rows that come before any project', () => {
    const result = parseProjectMaintainersCsv(
      ',Project,Maintainer Name,Company,Github Name,OWNERS/MAINTAINERS\n,,Invented Person,Invented Corp,invented,\n',
    );
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([{ line: 2, reason: 'maintainer row appears before any project' }]);
  });
});

describe('splitProjectHeader', () => {
  it('leaves plain project names alone', () => {
    expect(splitProjectHeader('Cloud Development Kit for Kubernetes (cdk8s)')).toEqual({
      project: 'Cloud Development Kit for Kubernetes (cdk8s)',
      subgroup: null,
    });
    expect(splitProjectHeader('Operator Framework: SDK')).toEqual({
      project: 'Operator Framework',
      subgroup: 'Operator Framework: SDK',
    });
  });
});

describe('parseProjectMaintainersCsv on older versions', () => {
  it('reads the 2022-07-18 header that lost its leading empty cell (foundation 571d8cf)', () => {
    const text = [
      'Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS',
      'Graduated,Kubernetes,Christoph Blecker,Red Hat,cblecker,https://git.k8s.io/steering#members,',
      ',,Paris Pittman,Apple,parispittman,',
    ].join('\n');
    const result = parseProjectMaintainersCsv(text);
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      {
        project: 'Kubernetes',
        maturity: 'graduated',
        subgroup: null,
        name: 'Christoph Blecker',
        company: 'Red Hat',
        handle: 'cblecker',
        ownersUrl: 'https://git.k8s.io/steering#members',
        line: 2,
      },
      {
        project: 'Kubernetes',
        maturity: 'graduated',
        subgroup: null,
        name: 'Paris Pittman',
        company: 'Apple',
        handle: 'parispittman',
        ownersUrl: 'https://git.k8s.io/steering#members',
        line: 3,
      },
    ]);
  });

  it('drops trailing empty fields and adds a missing empty last cell (foundation 800d4b1, 70ca2c2)', () => {
    const text = [
      ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS',
      'Sandbox,External Secrets Operator,Moritz Johner,Form3,moolen,https://github.com/external-secrets/external-secrets/blob/main/.github/PAUL.yaml,',
      ',,Lucas Severo Alves,Red Hat,knelasevero,,',
      ',,Kir Kolyshkin,Red Hat,kolyshkin',
    ].join('\r\n');
    const result = parseProjectMaintainersCsv(text);
    expect(result.rejected).toEqual([]);
    expect(result.rows.map((row) => [row.name, row.company, row.handle, row.line])).toEqual([
      ['Moritz Johner', 'Form3', 'moolen', 2],
      ['Lucas Severo Alves', 'Red Hat', 'knelasevero', 3],
      ['Kir Kolyshkin', 'Red Hat', 'kolyshkin', 4],
    ]);
  });

  it('rejects a five-field row that lost a column in the middle (foundation c8d6447)', () => {
    const text = [
      ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS',
      'Sandbox,Headlamp,Joaquim Rocha,Microsoft,joaquimrocha,https://github.com/headlamp-k8s/headlamp/blob/main/MAINTAINERS.md',
      ',,René Dudfield,illume,',
    ].join('\r\n');
    const result = parseProjectMaintainersCsv(text);
    expect(result.rows.map((row) => row.name)).toEqual(['Joaquim Rocha']);
    expect(result.rejected).toEqual([{ line: 3, reason: 'expected 6 fields, found 5' }]);
  });

  it('joins a project name and the maturity written one row below it (foundation c723d7c)', () => {
    const text = [
      ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS',
      ',Kubernetes: SIG Release (non-voting),Sascha Grunert,Red Hat,saschagrunert,https://git.k8s.io/community/sig-release#leadership',
      ',,Carlos Tadeu Panato Jr.,Mattermost,cpanato,',
      ',Prometheus,Augustin Husson,Amadeus,Nexucis,https://prometheus.io/governance/#team-members',
      'Graduated,,Bartłomiej Płotka,Red Hat,bwplotka,',
      ',,Ben Kochie,Reddit,superq,',
    ].join('\n');
    // The file starts mid-way in the real version; give the first group a project header.
    const result = parseProjectMaintainersCsv(text.replace(',Kubernetes: SIG', 'Graduated,Kubernetes: SIG'));
    expect(result.rejected).toEqual([]);
    expect(result.rows.slice(2).map((row) => [row.project, row.maturity, row.subgroup, row.name])).toEqual([
      ['Prometheus', 'graduated', null, 'Augustin Husson'],
      ['Prometheus', 'graduated', null, 'Bartłomiej Płotka'],
      ['Prometheus', 'graduated', null, 'Ben Kochie'],
    ]);
  });
});
