import { describe, expect, it } from 'vitest';
import { SectionMissingError } from '../../../src/import/parse/result.ts';
import { parseTocSeats } from '../../../src/import/parse/toc.ts';
import type { TocSeatRow } from '../../../src/import/rows.ts';

/** Member lines of historical toc/README.md versions, verbatim, under their heading. */
const readme = (...members: string[]) =>
  ['# CNCF Technical Oversight Committee (TOC)', '', '## Members', '', ...members.map((m) => `* ${m}`)].join(
    '\n',
  );
const LINE = 5;

const seat = (fields: Partial<TocSeatRow>): TocSeatRow => ({
  name: '',
  handle: null,
  seat: 'member',
  since: null,
  until: null,
  untilKind: 'term-end',
  termYears: null,
  partialTerm: false,
  appointedBy: null,
  chair: false,
  line: LINE,
  ...fields,
});

describe('parseTocSeats on historical README formats', () => {
  it('reads a bare name as a seat without dates (toc b4d41a5, 2016-10-07)', () => {
    const result = parseTocSeats(readme('Jonathan Boulle', 'Bryan Cantrill'));
    expect(result).toEqual({
      rows: [seat({ name: 'Jonathan Boulle' }), seat({ name: 'Bryan Cantrill', line: LINE + 1 })],
      rejected: [],
    });
  });

  it('reads a start date without an end (toc 8e6dc98, 2018-04-16)', () => {
    const result = parseTocSeats(readme('**Jonathan Boulle** (term: 3 years - start date: 1/29/2016)'));
    expect(result).toEqual({
      rows: [seat({ name: 'Jonathan Boulle', since: '2016-01-29', termYears: 3 })],
      rejected: [],
    });
  });

  it('keeps a term in months that is not whole years, without term length (toc 8e6dc98)', () => {
    const result = parseTocSeats(readme('**Sam Lambert** (term: 16 months - start date: 10/2/2017)'));
    expect(result.rows).toEqual([seat({ name: 'Sam Lambert', since: '2017-10-02' })]);
    expect(result.rejected).toEqual([
      {
        line: LINE,
        reason:
          "TOC seat of Sam Lambert: term '16 months' is not a whole number of years; row kept without term length",
      },
    ]);
  });

  it('reads an undecided term and end as unknown (toc c28f5fa, 2019-02-04)', () => {
    const result = parseTocSeats(readme('**Joe Beda** (term: TBD years - start date: 1/29/2019 - 1/29/TBD)'));
    expect(result).toEqual({ rows: [seat({ name: 'Joe Beda', since: '2019-01-29' })], rejected: [] });
  });

  it('reads "[remainer of previous term]" as a partial term and drops an end before the start (toc 5953b6c, 2020-10-05)', () => {
    const result = parseTocSeats(
      readme(
        '**Dave Zolotusky** (term: [remainer of previous term] - start date: 10/5/2020  - 1/29/2020) [EndUser-appointed]',
      ),
    );
    expect(result.rows).toEqual([
      seat({ name: 'Dave Zolotusky', since: '2020-10-05', partialTerm: true, appointedBy: 'EndUser' }),
    ]);
    expect(result.rejected).toEqual([
      {
        line: LINE,
        reason:
          'TOC seat of Dave Zolotusky: end 1/29/2020 is before start 10/5/2020; row kept without an end',
      },
    ]);
  });

  it('reads "start date" without a colon and "(TOC Chair)" after the tags (toc ed6ee86, 2021-11-29)', () => {
    const result = parseTocSeats(
      readme(
        '**Justin Cormack** (term: 2 years - start date 2/4/2020 - 2/4/2022) [Maintainer-appointed]',
        '**Liz Rice** (term: 2 years - start date: 2/4/2020 - 2/4/2022) [GB-appointed] (TOC Chair)',
      ),
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      seat({
        name: 'Justin Cormack',
        since: '2020-02-04',
        until: '2022-02-04',
        termYears: 2,
        appointedBy: 'Maintainer',
      }),
      seat({
        name: 'Liz Rice',
        since: '2020-02-04',
        until: '2022-02-04',
        termYears: 2,
        appointedBy: 'GB',
        chair: true,
        line: LINE + 1,
      }),
    ]);
  });

  it('reads a range without a term length and a hyphenated start date (toc 45ad4d9, 2023-07-18)', () => {
    const result = parseTocSeats(
      readme(
        '**Ricardo Rocha** (term: 2/4/2022 - 2/4/2024) [EndUser-appointed]',
        '**Cathy Zhang** (term: 2 years 2-1-2023 - 2/1/2025) [GB-appointed]',
      ),
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows.map((row) => [row.name, row.since, row.until, row.termYears])).toEqual([
      ['Ricardo Rocha', '2022-02-04', '2024-02-04', null],
      ['Cathy Zhang', '2023-02-01', '2025-02-01', 2],
    ]);
  });

  it('reads a shortened term for a vacated seat as a partial term (toc a28c1e3, 2024-07-01)', () => {
    const result = parseTocSeats(
      readme(
        '**Ricardo Rocha** (term: term: 2 years - start date: 2/4/2024 - 2/4/2026) [EndUser-appointed]',
        '**Karena Angell** (term: <1 year - start date: 5/28/2024 - 3/18/2025) [TOC-appointed] (Shortened term due to vacated seat)',
      ),
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      seat({
        name: 'Ricardo Rocha',
        since: '2024-02-04',
        until: '2026-02-04',
        termYears: 2,
        appointedBy: 'EndUser',
      }),
      seat({
        name: 'Karena Angell',
        since: '2024-05-28',
        until: '2025-03-18',
        partialTerm: true,
        appointedBy: 'TOC',
        line: LINE + 1,
      }),
    ]);
  });

  it('reads "2 years 3/4/2025 - 3/4/2027" without "start date" (toc 2db3d36, 2025-11-08)', () => {
    const result = parseTocSeats(readme('**Faseela K** (term: 2 years 3/4/2025 - 3/4/2027) [GB-appointed]'));
    expect(result).toEqual({
      rows: [
        seat({
          name: 'Faseela K',
          since: '2025-03-04',
          until: '2027-03-04',
          termYears: 2,
          appointedBy: 'GB',
        }),
      ],
      rejected: [],
    });
  });

  it('rejects vacant seats, which name nobody (toc 15260bc, 2020-12-01; 4caa30a, 2024-02-04)', () => {
    const result = parseTocSeats(
      readme(
        '**[TO BE FILLED SINCE KATIE STEPPED DOWN]** (term: 2 years - start date 2/4/2020 - 2/4/2022) [EndUser-appointed]',
        '**TBD** (term: 2 years - start date: 2/16/2024 - 2/16/2026) [TOC-appointed]',
      ),
    );
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((rejection) => rejection.reason)).toEqual([
      "vacant TOC seat, nobody named: '**[TO BE FILLED SINCE KATIE STEPPED DOWN]** (term: 2 years - start date 2/4/2020 - 2/4/2022) [EndUser-appointed]'",
      "vacant TOC seat, nobody named: '**TBD** (term: 2 years - start date: 2/16/2024 - 2/16/2026) [TOC-appointed]'",
    ]);
  });

  it('throws for the 2015 README, which has no members section yet (toc 0327d32)', () => {
    const text =
      '# CNCF Technical Oversight Committee (TOC)\n\nThe CNCF TOC is the technical governing body of the CNCF Foundation.';
    expect(() => parseTocSeats(text)).toThrow(SectionMissingError);
    expect(() => parseTocSeats(text)).toThrow('TOC README: no "## TOC Members" or "## Members" section');
  });
});
