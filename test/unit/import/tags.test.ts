import { describe, expect, it } from 'vitest';
import {
  parseTagAppDeliveryLeaders,
  parseTagAppDeliveryWorkingGroups,
} from '../../../src/import/parse/tag-app-delivery.ts';
import {
  parseTagEmeritusLeaders,
  parseTagsReadmeBodies,
  parseTagsReadmeLeaders,
  parseTagsReadmeLiaisons,
} from '../../../src/import/parse/tag-leaders-md.ts';
import { parseTagsYamlBodies, parseTagsYamlLeadership } from '../../../src/import/parse/tags-yaml.ts';
import { EMAIL, readFixture } from './source-text.ts';

describe('parseTagsYamlLeadership', () => {
  const text = readFixture('tags.yaml');
  const result = parseTagsYamlLeadership(text);
  const byName = (name: string) => result.rows.filter((row) => row.name === name);

  it('never outputs the e-mail addresses of the file', () => {
    expect(text).toMatch(EMAIL);
    expect(JSON.stringify(result)).not.toMatch(EMAIL);
    expect(JSON.stringify(parseTagsYamlBodies(text))).not.toMatch(EMAIL);
  });

  it('reads chairs and tech leads with their terms and the line of their entry', () => {
    expect(byName('Matt Young')).toEqual([
      {
        body: 'TAG Developer Experience',
        bodyKind: 'TAG',
        parentBody: null,
        name: 'Matt Young',
        handle: 'halcyondude',
        company: null,
        role: 'tech-lead',
        emeritus: false,
        since: '2025-07-02',
        until: '2027-06-30',
        line: 21,
      },
    ]);
  });

  it('tolerates entries with missing fields', () => {
    expect(byName('Nabarun Pal')[0]).toMatchObject({
      company: 'Broadcom',
      since: null,
      until: null,
      line: 29,
    });
  });

  it('drops a company that is the person’s own name', () => {
    expect(byName('Mona Borham')[0]).toMatchObject({ role: 'chair', handle: 'swengin', company: null });
  });

  it('reads TOC liaisons and subproject leads', () => {
    expect(byName('Mauricio Salatino')[0]).toMatchObject({
      role: 'toc-liaison',
      body: 'TAG Developer Experience',
    });
    expect(byName('Justin Cappos')[0]).toMatchObject({
      role: 'subproject-lead',
      body: 'Security Assessments',
      bodyKind: 'Subproject',
      parentBody: 'TAG Security and Compliance',
      company: 'New York University',
    });
  });

  it('ignores commented-out template entries', () => {
    expect(result.rows.some((row) => row.handle === 'foo')).toBe(false);
  });

  it('rejects empty entries, sentences in a name slot, unknown lists and bad dates', () => {
    expect(byName('Invented Person')).toEqual([]);
    expect(byName('Invented Lead')[0]).toMatchObject({ since: null });
    expect(result.rejected.map((rejection) => rejection.reason)).toEqual([
      'TAG entry without a name',
      "TAG Developer Experience: term start '2025-02-30' of Invented Lead is not a date; row kept without it",
      "TAG Developer Experience: unknown leadership list 'invented_role'",
      expect.stringContaining('chair entry holds a sentence, not a person'),
      'Project Reviews SubProject: empty chair entry (no name, no GitHub handle)',
    ]);
  });

  it('throws on invalid YAML and on a file without tags', () => {
    expect(() => parseTagsYamlLeadership('tags:\n  - name: [unclosed\n')).toThrow('tags.yaml: invalid YAML');
    expect(() => parseTagsYamlLeadership('toc_subprojects: []\n')).toThrow("no top-level 'tags' list");
  });
});

describe('parseTagsYamlBodies', () => {
  const result = parseTagsYamlBodies(readFixture('tags.yaml'));

  it('lists TAGs, their subprojects and TOC subprojects, dropping template mission statements', () => {
    expect(result.rows.map((row) => [row.name, row.kind, row.parentBody, row.line])).toEqual([
      ['TAG Developer Experience', 'TAG', null, 4],
      ['TAG Security and Compliance', 'TAG', null, 51],
      ['Security Assessments', 'Subproject', 'TAG Security and Compliance', 60],
      ['Contributor Strategy and Advocacy SubProject', 'Subproject', null, 72],
      ['Project Reviews SubProject', 'Subproject', null, 82],
    ]);
    expect(result.rows[0]?.description).toBe(
      'Databases, Microservices, Streaming, Messaging, API Management, Dev Frameworks.',
    );
    expect(result.rows[3]?.description).toBeNull();
    expect(result.rejected).toEqual([{ line: 69, reason: 'TAG entry without a name' }]);
  });
});

describe('parseTagEmeritusLeaders', () => {
  const result = parseTagEmeritusLeaders(readFixture('tag-emeritus-leaders.md'));

  it('reads the table as undated emeritus chairs with handles from the links', () => {
    expect(result.rows.map((row) => [row.body, row.name, row.handle, row.line])).toEqual([
      ['TAG App Delivery', 'Jennifer Strejevitch', 'jenniferstrej', 3],
      ['TAG App Delivery', 'Lei Zhang', 'resouer', 4],
      ['TAG Observability', 'Alolita Sharma', 'alolita', 5],
      ['TAG Storage', 'Erin Boyd', 'erinboyd', 6],
    ]);
    expect(result.rows.every((row) => row.role === 'chair' && row.emeritus && row.since === null)).toBe(true);
  });

  it('rejects a row whose group is not a TAG', () => {
    expect(result.rejected).toEqual([{ line: 7, reason: expect.stringContaining('Invented Group') }]);
  });

  it('throws when the table is missing', () => {
    expect(() => parseTagEmeritusLeaders('# Emeritus\n\nNobody yet.\n')).toThrow(
      'no "| TAG | Emeritus Chair |" table',
    );
  });
});

describe('parseTagsReadmeLeaders (2022)', () => {
  const result = parseTagsReadmeLeaders(readFixture('tags-README-2022.md'));

  it('reads the chairs under each TAG heading and the emeritus table', () => {
    expect(result.rows.map((row) => [row.body, row.name, row.handle, row.emeritus, row.line])).toEqual([
      ['TAG Storage', 'Xing Yang', 'xing-yang', false, 13],
      ['TAG App-Delivery', 'Bryan Liles', 'bryanl', false, 16],
      ['TAG App-Delivery', 'Lei Zhang', 'resouer', false, 17],
      ['TAG Contributor Strategy', 'Gerred Dillon', 'gerred', true, 24],
      ['TAG Storage', 'Erin Boyd', 'erinboyd', true, 25],
    ]);
    expect(result.rejected).toEqual([
      { line: 18, reason: expect.stringContaining('Invented chair without a link') },
    ]);
  });

  it('throws without the chairs section', () => {
    expect(() => parseTagsReadmeLeaders('# TAGs\n\n## Current TAGS\n')).toThrow(
      'no "## TAG Chairs …" section',
    );
  });
});

describe('parseTagsReadmeLiaisons and parseTagsReadmeBodies (2022)', () => {
  it('splits the liaison cell into names, kept as written', () => {
    const result = parseTagsReadmeLiaisons(readFixture('tags-README-2022.md'));
    expect(result.rows.map((row) => [row.body, row.name, row.line])).toEqual([
      ['TAG App Delivery', 'Matt Farina', 7],
      ['TAG App Delivery', 'Lei Zhang', 7],
      ['TAG App Delivery', 'Cornelia Davis', 7],
      ['TAG Runtime', 'Richardo Rocha', 8],
      ['TAG Runtime', 'Richard Hartmann', 8],
      ['TAG Runtime', 'Davanum Srinivas', 8],
    ]);
  });

  it('lists the current TAGs with their repository links', () => {
    const result = parseTagsReadmeBodies(readFixture('tags-README-2022.md'));
    expect(result.rows.map((row) => [row.name, row.link])).toEqual([
      ['TAG App Delivery', 'https://github.com/cncf/tag-app-delivery'],
      ['TAG Runtime', 'https://github.com/cncf/tag-runtime'],
    ]);
  });
});

describe('parseTagAppDeliveryLeaders', () => {
  it('reads the 2025 leads with roles and year-first terms, liaisons and emeritus leads', () => {
    const result = parseTagAppDeliveryLeaders(readFixture('tag-app-delivery-README-2025.md'));
    expect(
      result.rows.map((row) => [row.name, row.handle, row.role, row.emeritus, row.since, row.until]),
    ).toEqual([
      ['Lian Li', 'lianmakesthings', 'chair', false, '2024-04-16', '2026-04-15'],
      ['Roberth Strand', 'roberthstrand', 'chair', false, '2024-08-05', '2026-08-04'],
      ['Dylan Page', 'genpage', 'tech-lead', false, null, null],
      ['Katie Gamanji', 'kgamanji', 'toc-liaison', false, null, null],
      ['Jennifer Strejevitch', 'jenninha', 'lead', true, null, null],
      ['Alex Jones', 'alexsjones', 'lead', true, null, null],
    ]);
    expect(result.rows.every((row) => row.body === 'TAG App Delivery')).toBe(true);
    expect(result.rejected).toEqual([
      { line: 8, reason: "lead Invented Lead: role not understood in '(Invented Role)'" },
    ]);
  });

  it('reads the 2021 chairs sentence, Lei Zhang included', () => {
    const result = parseTagAppDeliveryLeaders(readFixture('tag-app-delivery-README-2021.md'));
    expect(result.rows.map((row) => [row.name, row.role, row.handle, row.line])).toEqual([
      ['Alois Reitbauer', 'chair', null, 6],
      ['Bryan Liles', 'chair', null, 6],
      ['Lei Zhang', 'chair', null, 6],
    ]);
  });

  it('throws when neither a Leads nor a Chairs section exists', () => {
    expect(() => parseTagAppDeliveryLeaders('# TAG\n\n## Community\n')).toThrow(
      'no "## Leads" or "## Chairs" section',
    );
  });
});

describe('parseTagAppDeliveryWorkingGroups', () => {
  it('reads the working-group table with status text where there is no meeting link', () => {
    const result = parseTagAppDeliveryWorkingGroups(readFixture('tag-app-delivery-README-2025.md'));
    expect(result.rows.map((row) => [row.name, row.kind, row.parentBody, row.archived, row.status])).toEqual([
      ['Platforms', 'WG', 'TAG App Delivery', false, null],
      ['GitOps', 'WG', 'TAG App Delivery', false, 'Merged into OpenGitOps meetings'],
      ['Air Gapped', 'WG', 'TAG App Delivery', true, 'Inactive'],
    ]);
  });

  it('gives no rows for the 2021 README, which has no working groups', () => {
    expect(parseTagAppDeliveryWorkingGroups(readFixture('tag-app-delivery-README-2021.md')).rows).toEqual([]);
  });
});
