import { describe, expect, it } from 'vitest';
import {
  parseTocBodies,
  parseTocEmeritus,
  parseTocLiaisons,
  parseTocSeats,
} from '../../../src/import/parse/toc.ts';
import { readFixture } from './source-text.ts';

describe('parseTocSeats on the current README layout', () => {
  const result = parseTocSeats(readFixture('toc-README-2026.md'));

  it('reads members with term, dates, appointing body and line', () => {
    expect(result.rows[0]).toEqual({
      name: 'Ahmed Bebars',
      handle: null,
      seat: 'member',
      since: '2026-05-12',
      until: '2028-05-12',
      untilKind: 'term-end',
      termYears: 2,
      partialTerm: false,
      appointedBy: 'EndUser',
      chair: false,
      line: 8,
    });
    expect(result.rows.map((row) => row.appointedBy)).toEqual([
      'EndUser',
      'TOC',
      'GB',
      'Maintainer',
      'GB',
      'GB',
    ]);
  });

  it('marks the TOC chair', () => {
    expect(result.rows.filter((row) => row.chair).map((row) => row.name)).toEqual(['Karena Angell']);
  });

  it('reads the alternates section as alternate seats', () => {
    expect(result.rows.find((row) => row.name === 'Katie Gamanji')).toMatchObject({
      seat: 'alternate',
      termYears: 1,
      since: '2026-05-12',
      until: '2027-05-12',
      line: 17,
    });
  });

  it('rejects a seat with an impossible date', () => {
    expect(result.rows.some((row) => row.name === 'Invented Member')).toBe(false);
    expect(result.rejected).toContainEqual({
      line: 12,
      reason:
        "TOC seat of Invented Member: '2/30/2026' in '2/30/2026 - 2/30/2028' is not a valid M/D/YYYY date",
    });
  });

  it('keeps a seat with an unknown tag and reports the tag', () => {
    expect(result.rows.find((row) => row.name === 'Invented Tagged')).toMatchObject({
      appointedBy: 'GB',
      chair: false,
    });
    expect(result.rejected).toContainEqual({
      line: 13,
      reason: 'TOC seat of Invented Tagged: tag [Invented Tag] not understood; row kept without it',
    });
  });

  it('ignores bullet lists outside the members sections', () => {
    expect(result.rows.some((row) => row.line < 8)).toBe(false);
  });
});

describe('parseTocSeats on the 2021 README layout', () => {
  const result = parseTocSeats(readFixture('toc-README-2021.md'));

  it('reads "## Members", "start date" without a colon and a partial term', () => {
    expect(result.rejected).toEqual([]);
    expect(result.rows.map((row) => [row.name, row.since, row.until])).toEqual([
      ['Erin Boyd', '2021-02-01', '2023-02-01'],
      ['Justin Cormack', '2020-02-04', '2022-02-04'],
      ['Ricardo Rocha', '2021-02-01', '2022-02-04'],
      ['Lei Zhang', '2021-02-01', '2023-02-01'],
    ]);
    expect(result.rows[2]).toMatchObject({ termYears: 2, partialTerm: true, appointedBy: 'EndUser' });
  });

  it('has no liaison section, which gives no rows rather than an error', () => {
    expect(parseTocLiaisons(readFixture('toc-README-2021.md'))).toEqual({ rows: [], rejected: [] });
  });
});

describe('parseTocSeats on a malformed file', () => {
  it('throws when there is no members section', () => {
    expect(() =>
      parseTocSeats('# CNCF TOC\n\n## Projects\n\n* [Kubernetes](https://kubernetes.io)\n'),
    ).toThrow('no "## TOC Members" or "## Members" section');
  });

  it('throws when the members section lists nobody', () => {
    expect(() => parseTocSeats('## TOC Members\n\nTo be announced.\n')).toThrow('lists nobody');
  });
});

describe('parseTocEmeritus', () => {
  const result = parseTocEmeritus(readFixture('toc-EMERITUS.md'));

  it('gives one row per range, several ranges on one line sharing the line number', () => {
    expect(result.rows.filter((row) => row.name === 'Katie Gamanji')).toEqual([
      expect.objectContaining({ since: '2020-02-04', until: '2020-11-02', line: 4 }),
      expect.objectContaining({ since: '2022-03-18', until: '2026-02-04', line: 4 }),
    ]);
  });

  it('reads ranges without spaces around the dash and lines with trailing spaces', () => {
    expect(result.rows.find((row) => row.name === 'Liz Rice')).toMatchObject({
      since: '2019-03-11',
      until: '2022-02-04',
    });
    expect(result.rows.find((row) => row.name === 'Justin Cormack')).toMatchObject({
      until: '2024-02-04',
      line: 7,
    });
  });

  it("records Lei Zhang's TOC term as an actual member seat", () => {
    expect(result.rows.find((row) => row.name === 'Lei Zhang')).toEqual({
      name: 'Lei Zhang',
      handle: null,
      seat: 'member',
      since: '2021-02-01',
      until: '2023-02-01',
      untilKind: 'actual',
      termYears: null,
      partialTerm: false,
      appointedBy: null,
      chair: false,
      line: 6,
    });
  });

  it('rejects impossible, backwards and missing dates with the line', () => {
    expect(result.rejected).toEqual([
      {
        line: 8,
        reason:
          "former TOC member Invented Impossible: '2/30/2021' in '2/30/2021 - 3/1/2021' is not a valid M/D/YYYY date",
      },
      {
        line: 9,
        reason: "former TOC member Invented Backwards: range '3/1/2022 - 2/1/2022' ends before it starts",
      },
      {
        line: 10,
        reason: 'former TOC member not in the form "Name (M/D/YYYY - M/D/YYYY)": \'Invented Undated\'',
      },
    ]);
    expect(result.rows).toHaveLength(6);
  });

  it('throws when the file has no list', () => {
    expect(() => parseTocEmeritus('We thank these members.\n')).toThrow('no bullet list');
  });
});

describe('parseTocLiaisons', () => {
  const result = parseTocLiaisons(readFixture('toc-README-2026.md'));

  it('gives one row per TOC member and body, with the handle from the link', () => {
    expect(result.rows.filter((row) => row.name === 'Brandt Keller')).toEqual([
      {
        name: 'Brandt Keller',
        handle: 'brandtkeller',
        body: 'TAG Infrastructure',
        bodyKind: 'TAG',
        line: 24,
      },
      {
        name: 'Brandt Keller',
        handle: 'brandtkeller',
        body: 'TOC Project Reviews Subproject',
        bodyKind: 'Subproject',
        line: 24,
      },
      {
        name: 'Brandt Keller',
        handle: 'brandtkeller',
        body: 'TCG Platform Engineering',
        bodyKind: 'TCG',
        line: 24,
      },
    ]);
  });

  it('rejects a bullet without the expected markup', () => {
    expect(result.rows).toHaveLength(5);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.line).toBe(25);
  });
});

describe('parseTocBodies', () => {
  const result = parseTocBodies(readFixture('toc-README-2026.md'));

  it('lists TAGs, TOC subprojects and archived TAGs with their links', () => {
    expect(result.rows.map((row) => [row.name, row.kind, row.archived])).toEqual([
      ['TAG Developer Experience', 'TAG', false],
      ['TAG Workloads Foundation', 'TAG', false],
      ['Contributor Strategy and Advocacy SubProject', 'Subproject', false],
      ['Project Reviews SubProject', 'Subproject', false],
      ['TAG-App-Delivery', 'TAG', true],
      ['TAG Environmental Sustainability', 'TAG', true],
    ]);
    expect(result.rows[0]).toMatchObject({ link: './tags/tag-developer-experience/', line: 31 });
  });
});
