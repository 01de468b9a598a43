import { describe, expect, it } from 'vitest';
import { parseLandscape } from '../../../src/import/parse/landscape.ts';
import { parseProjectMaintainersCsv } from '../../../src/import/parse/maintainers.ts';
import { parsePeopleJson } from '../../../src/import/parse/people.ts';
import { parseTagAppDeliveryLeaders } from '../../../src/import/parse/tag-app-delivery.ts';
import {
  parseTagEmeritusLeaders,
  parseTagsReadmeBodies,
  parseTagsReadmeLeaders,
  parseTagsReadmeLiaisons,
} from '../../../src/import/parse/tag-leaders-md.ts';
import { parseTagsYamlBodies, parseTagsYamlLeadership } from '../../../src/import/parse/tags-yaml.ts';
import {
  parseTocBodies,
  parseTocEmeritus,
  parseTocLiaisons,
  parseTocSeats,
} from '../../../src/import/parse/toc.ts';
import { SOURCE_FILES } from '../../../src/import/sources.ts';
import { cncfDataDir, EMAIL, readSource, readSourceBytes, sha256 } from './source-text.ts';

function countBy<T>(rows: T[], keyOf: (row: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[keyOf(row)] = (counts[keyOf(row)] ?? 0) + 1;
  return counts;
}

// Expected values were checked by reading the files themselves (line numbers are the files' own).
describe(`parsers on the real CNCF files in ${cncfDataDir}`, () => {
  it('finds every registered file with the registered sha256', () => {
    for (const source of SOURCE_FILES) {
      expect(sha256(readSourceBytes(source)), source.id).toBe(source.sha256);
    }
  });

  describe('project-maintainers.csv', () => {
    const current = parseProjectMaintainersCsv(readSource('foundation/project-maintainers.csv@7596c66'));
    const first = parseProjectMaintainersCsv(readSource('foundation/project-maintainers.csv@7a9eb3e'));

    it('reads every maintainer line of both versions', () => {
      expect(current.rows).toHaveLength(2390);
      expect(first.rows).toHaveLength(771);
    });

    it('rejects only the name written in the handle column, and the 2021 "n/a" link', () => {
      expect(current.rejected.map((rejection) => rejection.line)).toEqual([382]);
      expect(first.rejected.map((rejection) => rejection.line)).toEqual([236, 270]);
    });

    it('tells the two maintainers named Lei Zhang apart by handle and company', () => {
      expect(first.rows.find((row) => row.line === 746)).toMatchObject({
        project: 'KubeVela',
        maturity: 'sandbox',
        name: 'Lei Zhang (Harry)',
        company: 'Alibaba',
        handle: 'resouer',
      });
      expect(current.rows.find((row) => row.line === 1207)).toMatchObject({
        project: 'KubeVela',
        maturity: 'incubating',
        name: 'Lei Zhang',
        company: 'JD.com',
        handle: 'stevenleizhang',
      });
      expect(current.rows.some((row) => row.handle === 'resouer')).toBe(false);
    });

    it('resolves the Kubernetes steering header and its maintainers sub-group', () => {
      expect(current.rows[0]).toMatchObject({
        project: 'Kubernetes',
        subgroup: 'Kubernetes steering',
        line: 2,
      });
      expect(current.rows.find((row) => row.line === 10)).toMatchObject({
        project: 'Kubernetes',
        subgroup: 'Kubernetes maintainers',
        ownersUrl: null,
      });
    });
  });

  describe('TOC files', () => {
    it('reads the 2026 members and alternates', () => {
      const seats = parseTocSeats(readSource('toc/README.md@4acc1dc'));
      expect(seats.rejected).toEqual([]);
      expect(seats.rows.filter((row) => row.seat === 'member')).toHaveLength(11);
      expect(seats.rows.filter((row) => row.seat === 'alternate').map((row) => row.name)).toEqual([
        'Katie Gamanji',
        'Ricardo Aravena',
      ]);
      expect(seats.rows.filter((row) => row.chair).map((row) => row.name)).toEqual(['Karena Angell']);
    });

    it('reads the 2021 election result with Lei Zhang on a GB-appointed seat', () => {
      const seats = parseTocSeats(readSource('toc/README.md@6a0b7c9'));
      expect(seats.rows).toHaveLength(11);
      expect(seats.rows.find((row) => row.name === 'Lei Zhang')).toMatchObject({
        since: '2021-02-01',
        until: '2023-02-01',
        appointedBy: 'GB',
        line: 22,
      });
    });

    it("reads EMERITUS.md, including Lei Zhang's term 2021-02-01 – 2023-02-01", () => {
      const emeritus = parseTocEmeritus(readSource('toc/EMERITUS.md@4acc1dc'));
      expect(emeritus.rejected).toEqual([]);
      expect(emeritus.rows).toHaveLength(40);
      expect(emeritus.rows.find((row) => row.name === 'Lei Zhang')).toMatchObject({
        since: '2021-02-01',
        until: '2023-02-01',
        untilKind: 'actual',
        line: 27,
      });
      expect(emeritus.rows.filter((row) => row.name === 'Davanum Srinivas')).toHaveLength(2);
    });

    it('reads the liaison list and the body lists of the 2026 README', () => {
      const liaisons = parseTocLiaisons(readSource('toc/README.md@4acc1dc'));
      expect(liaisons.rows).toHaveLength(28);
      expect(new Set(liaisons.rows.map((row) => row.handle)).size).toBe(11);
      const bodies = parseTocBodies(readSource('toc/README.md@4acc1dc'));
      expect(bodies.rows.filter((row) => !row.archived)).toHaveLength(8);
      expect(bodies.rows.filter((row) => row.archived)).toHaveLength(8);
    });
  });

  describe('TAG files', () => {
    it('reads tags.yaml leadership without a single e-mail address', () => {
      const text = readSource('toc/tags.yaml@4acc1dc');
      const leadership = parseTagsYamlLeadership(text);
      expect(text).toMatch(EMAIL);
      expect(JSON.stringify(leadership)).not.toMatch(EMAIL);
      expect(JSON.stringify(parseTagsYamlBodies(text))).not.toMatch(EMAIL);
      expect(leadership.rows).toHaveLength(67);
      expect(leadership.rejected.map((rejection) => rejection.line)).toEqual([593, 671]);
      expect(parseTagsYamlBodies(text).rows).toHaveLength(11);
    });

    it('finds Lei Zhang (resouer) as a TAG App Delivery chair in three files', () => {
      const emeritus = parseTagEmeritusLeaders(readSource('toc/tags/emeritus_leaders.md@4acc1dc'));
      expect(emeritus.rows).toHaveLength(29);
      expect(emeritus.rows.find((row) => row.handle === 'resouer')).toMatchObject({
        body: 'TAG App Delivery',
        emeritus: true,
        line: 6,
      });
      const chairs2022 = parseTagsReadmeLeaders(readSource('toc/tags/README.md@9877bb5'));
      expect(chairs2022.rows).toHaveLength(27);
      expect(chairs2022.rows.find((row) => row.handle === 'resouer')).toMatchObject({
        body: 'TAG App-Delivery',
        emeritus: false,
        line: 40,
      });
      const chairs2021 = parseTagAppDeliveryLeaders(readSource('tag-app-delivery/README.md@b973ec6'));
      expect(chairs2021.rows.map((row) => row.name)).toEqual(['Alois Reitbauer', 'Bryan Liles', 'Lei Zhang']);
    });

    it('reads the 2022 liaison table and TAG list, and the 2025 App Delivery leads', () => {
      expect(parseTagsReadmeLiaisons(readSource('toc/tags/README.md@9877bb5')).rows).toHaveLength(16);
      expect(parseTagsReadmeBodies(readSource('toc/tags/README.md@9877bb5')).rows).toHaveLength(7);
      const leads = parseTagAppDeliveryLeaders(readSource('tag-app-delivery/README.md@cadc776'));
      expect(leads.rejected).toEqual([]);
      expect(leads.rows.map((row) => row.role)).toEqual([
        'chair',
        'chair',
        'tech-lead',
        'tech-lead',
        'toc-liaison',
        'toc-liaison',
        ...Array<string>(7).fill('lead'),
      ]);
    });
  });

  describe('landscape.yml', () => {
    const { projects, members } = parseLandscape(readSource('landscape/landscape.yml@153d699'));

    it('reads every item, 255 of them CNCF projects', () => {
      expect(projects.rejected).toEqual([]);
      expect(members.rejected).toEqual([]);
      expect(projects.rows).toHaveLength(1691);
      expect(countBy(projects.rows, (row) => row.maturity ?? 'none')).toEqual({
        none: 1436,
        sandbox: 151,
        incubating: 38,
        graduated: 38,
        archived: 28,
      });
    });

    it('reads Kubernetes with its accepted, incubating and graduated dates', () => {
      expect(projects.rows.find((row) => row.name === 'Kubernetes')).toMatchObject({
        maturity: 'graduated',
        steps: [
          { step: 'accepted', date: '2016-03-10' },
          { step: 'incubating', date: '2016-03-10' },
          { step: 'graduated', date: '2018-03-06' },
        ],
        line: 4619,
      });
    });

    it('reads the members by tier', () => {
      expect(members.rows).toHaveLength(722);
      expect(countBy(members.rows, (row) => row.tier)).toEqual({
        Platinum: 17,
        Gold: 17,
        Silver: 582,
        Academic: 3,
        Nonprofit: 22,
        'End User Supporter and Contributor': 81,
      });
      expect(members.rows.find((row) => row.name === 'Alibaba Cloud')).toMatchObject({
        tier: 'Platinum',
        joined: '2017-05-01',
        line: 14200,
      });
      expect(members.rows.filter((row) => row.nonPublic)).toHaveLength(15);
    });
  });

  describe('people.json', () => {
    const people = parsePeopleJson(readSource('people/people.json@0000cd4'));

    it('reads all 300 people and no e-mail address', () => {
      expect(people.rows).toHaveLength(300);
      expect(JSON.stringify(people)).not.toMatch(EMAIL);
      expect(people.rejected.map((rejection) => rejection.line)).toEqual([2016, 5975]);
    });

    it('has no entry for either Lei Zhang', () => {
      expect(people.rows.filter((row) => /lei zhang|zhang lei/i.test(row.name))).toEqual([]);
    });

    it('reads roles and titles', () => {
      expect(people.rows.find((row) => row.name === 'Emily Fox')).toMatchObject({
        tocRole: 'Chair',
        handle: 'thefoxatwork',
      });
      expect(people.rows.find((row) => row.name === 'Chris Aniszczyk')).toMatchObject({
        title: 'CTO',
        company: null,
      });
    });
  });
});
