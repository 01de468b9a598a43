import { describe, expect, it, vi } from 'vitest';
import {
  changesWindow,
  coveredSpan,
  dayNumber,
  dayString,
  debounce,
  MAX_CHANGES_DAYS,
  monthsBefore,
  sliderDay,
  sliderMax,
  sliderValue,
} from '../../../explore/src/time.ts';

const span = { from: '2016-03-10', until: '2026-08-21' };

describe('days', () => {
  it('count days in UTC and back', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayString(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dayNumber('2021-03-01') - dayNumber('2021-02-28')).toBe(1);
    expect(dayNumber('not a day')).toBeNaN();
  });

  it('go back whole months, the 31st landing on a shorter month’s last day', () => {
    expect(monthsBefore('2021-06-01', 12)).toBe('2020-06-01');
    expect(monthsBefore('2021-03-31', 1)).toBe('2021-02-28');
    expect(monthsBefore('2025-02-28', 12)).toBe('2024-02-28');
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(monthsBefore('2021-01-15', 2)).toBe('2020-11-15');
  });
});

describe('the covered span', () => {
  it('runs from the earliest coveredFrom to the latest coveredUntil of the history sources', () => {
    expect(
      coveredSpan([
        { kind: 'history', coveredFrom: '2021-07-23', coveredUntil: '2026-08-21' },
        { kind: 'history', coveredFrom: '2016-03-10', coveredUntil: '2024-01-05' },
        { kind: 'history', coveredFrom: null, coveredUntil: null },
        // Files at one commit and the article say nothing about the span.
        { kind: 'file', coveredFrom: '2001-01-01', coveredUntil: '2030-01-01' },
        { kind: 'article', coveredFrom: null, coveredUntil: null },
      ]),
    ).toEqual(span);
  });

  it('is unknown without any history source', () => {
    expect(coveredSpan([])).toBeNull();
    expect(coveredSpan([{ kind: 'file', coveredFrom: '2020-01-01', coveredUntil: '2021-01-01' }])).toBeNull();
  });
});

describe('the slider', () => {
  it('has one step per day of the span', () => {
    expect(sliderMax(span)).toBe(dayNumber('2026-08-21') - dayNumber('2016-03-10'));
    expect(sliderMax({ from: '2021-01-01', until: '2021-01-01' })).toBe(0);
  });

  it('maps days to positions and back, both ways the same', () => {
    expect(sliderValue(span, '2016-03-10')).toBe(0);
    expect(sliderValue(span, '2016-03-11')).toBe(1);
    expect(sliderValue(span, '2026-08-21')).toBe(sliderMax(span));
    expect(sliderDay(span, 0)).toBe('2016-03-10');
    expect(sliderDay(span, sliderMax(span))).toBe('2026-08-21');
    for (const day of ['2016-12-31', '2020-02-29', '2021-06-01', '2025-01-01'])
      expect(sliderDay(span, sliderValue(span, day))).toBe(day);
  });

  it('clamps days outside the span to its ends, and positions to whole days within it', () => {
    expect(sliderValue(span, '2015-01-01')).toBe(0);
    expect(sliderValue(span, '2030-01-01')).toBe(sliderMax(span));
    expect(sliderValue(span, '')).toBe(0);
    expect(sliderDay(span, -5)).toBe('2016-03-10');
    expect(sliderDay(span, 1e9)).toBe('2026-08-21');
    expect(sliderDay(span, 1.4)).toBe('2016-03-11');
  });
});

describe('the changes panel’s days', () => {
  it('are the twelve months up to the As-of day', () => {
    expect(changesWindow('2021-06-01', span, '2026-12-02')).toEqual({
      from: '2020-06-01',
      until: '2021-06-01',
    });
  });

  it('are the whole covered span at any time', () => {
    expect(changesWindow(null, span, '2026-12-02')).toEqual(span);
  });

  it('stay within what the API takes, and fall back to the last twelve months without a span', () => {
    const long = { from: '2000-01-01', until: '2026-08-21' };
    const window = changesWindow(null, long, '2026-12-02');
    expect(window.until).toBe('2026-08-21');
    expect(dayNumber(window.until) - dayNumber(window.from)).toBe(MAX_CHANGES_DAYS);
    expect(changesWindow(null, null, '2026-12-02')).toEqual({ from: '2025-12-02', until: '2026-12-02' });
  });
});

describe('debounce', () => {
  it('calls once the calls stop, with the last arguments', () => {
    vi.useFakeTimers();
    try {
      const calls: string[] = [];
      const settle = debounce((day: string) => calls.push(day), 250);
      settle('2021-01-01');
      vi.advanceTimersByTime(100);
      settle('2021-01-02');
      vi.advanceTimersByTime(100);
      settle('2021-01-03');
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(250);
      expect(calls).toEqual(['2021-01-03']);
      settle('2021-01-04');
      vi.advanceTimersByTime(250);
      expect(calls).toEqual(['2021-01-03', '2021-01-04']);
    } finally {
      vi.useRealTimers();
    }
  });
});
