import { describe, expect, it } from 'vitest';
import { maturityHistory } from '../../../../src/import/facts/landscape.ts';

// Invented steps; the real ones (Kubernetes, OPA) are checked in real-graph-facts.test.ts.
describe('maturityHistory', () => {
  it('turns each step into a period that lasts until the next step', () => {
    expect(
      maturityHistory(
        [
          { step: 'accepted', date: '2018-03-29' },
          { step: 'incubating', date: '2019-04-02' },
          { step: 'graduated', date: '2021-01-29' },
        ],
        'graduated',
      ),
    ).toEqual([
      { level: 'sandbox', since: '2018-03-29', until: '2019-04-02' },
      { level: 'incubating', since: '2019-04-02', until: '2021-01-29' },
      { level: 'graduated', since: '2021-01-29', until: null },
    ]);
  });

  it('orders steps by date whatever order they come in', () => {
    expect(
      maturityHistory(
        [
          { step: 'graduated', date: '2021-01-29' },
          { step: 'accepted', date: '2018-03-29' },
          { step: 'incubating', date: '2019-04-02' },
        ],
        'graduated',
      ).map((period) => period.level),
    ).toEqual(['sandbox', 'incubating', 'graduated']);
  });

  it('says a project accepted on the day it became incubating entered at incubating', () => {
    expect(
      maturityHistory(
        [
          { step: 'accepted', date: '2016-03-10' },
          { step: 'incubating', date: '2016-03-10' },
          { step: 'graduated', date: '2018-03-06' },
        ],
        'graduated',
      ),
    ).toEqual([
      { level: 'incubating', since: '2016-03-10', until: '2018-03-06' },
      { level: 'graduated', since: '2018-03-06', until: null },
    ]);
  });

  // The function sorts its input itself, so it cannot rely on the caller's order for same-day steps
  // either; today it keeps whichever same-day step comes last in the input (see the report).
  it('says entered at incubating also when the same-day steps come incubating first', () => {
    expect(
      maturityHistory(
        [
          { step: 'incubating', date: '2016-03-10' },
          { step: 'accepted', date: '2016-03-10' },
        ],
        'incubating',
      ),
    ).toEqual([{ level: 'incubating', since: '2016-03-10', until: null }]);
  });

  it('ends with the archived period, open-ended', () => {
    expect(
      maturityHistory(
        [
          { step: 'accepted', date: '2016-10-11' },
          { step: 'incubating', date: '2017-03-01' },
          { step: 'archived', date: '2022-01-31' },
        ],
        'archived',
      ),
    ).toEqual([
      { level: 'sandbox', since: '2016-10-11', until: '2017-03-01' },
      { level: 'incubating', since: '2017-03-01', until: '2022-01-31' },
      { level: 'archived', since: '2022-01-31', until: null },
    ]);
  });

  it('keeps a current maturity the landscape gives without dates, with since and until null', () => {
    expect(maturityHistory([], 'sandbox')).toEqual([{ level: 'sandbox', since: null, until: null }]);
  });

  it('gives no periods for an item with neither steps nor a maturity', () => {
    expect(maturityHistory([], null)).toEqual([]);
  });
});
