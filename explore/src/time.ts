/**
 * Pure day arithmetic behind the time slider and the changes panel, free of the DOM so that unit
 * tests can check it. Days are `YYYY-MM-DD` strings, counted in UTC: a slider step is one day.
 */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The span the governance files' histories speak for: the slider's ends. */
export interface Span {
  from: string;
  until: string;
}

/** `YYYY-MM-DD` → days since 1970-01-01 (UTC); NaN for anything else. */
export function dayNumber(day: string): number {
  const match = DAY.exec(day);
  if (!match) return Number.NaN;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.round(time / DAY_MS);
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function dayString(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The covered span from the API's `sources`: the earliest `coveredFrom` and the latest
 * `coveredUntil` among the files read through their history (kind "history"); null when none is.
 */
export function coveredSpan(
  sources: { kind: string; coveredFrom: string | null; coveredUntil: string | null }[],
): Span | null {
  const history = sources.filter((source) => source.kind === 'history');
  const froms = history.map((source) => source.coveredFrom).filter((day): day is string => !!day);
  const untils = history.map((source) => source.coveredUntil).filter((day): day is string => !!day);
  if (froms.length === 0 || untils.length === 0) return null;
  // ISO days sort as text: the first and last of each list.
  const from = froms.sort()[0] as string;
  const until = untils.sort().at(-1) as string;
  return from <= until ? { from, until } : null;
}

/** How many slider steps the span has past its first day (its `max`; `min` is 0). */
export function sliderMax(span: Span): number {
  return dayNumber(span.until) - dayNumber(span.from);
}

/** A day → the slider's position: days since the span's first day, clamped to the span. */
export function sliderValue(span: Span, day: string): number {
  const offset = dayNumber(day) - dayNumber(span.from);
  if (Number.isNaN(offset)) return 0;
  return Math.min(Math.max(offset, 0), sliderMax(span));
}

/** The slider's position → its day (positions outside the span are clamped to its ends). */
export function sliderDay(span: Span, value: number): string {
  const steps = Math.min(Math.max(Math.round(value), 0), sliderMax(span));
  return dayString(dayNumber(span.from) + steps);
}

/** The same day `months` months earlier (the 31st of a shorter month becomes its last day). */
export function monthsBefore(day: string, months: number): string {
  const match = DAY.exec(day);
  if (!match) throw new Error(`not a day: ${day}`);
  const year = Number(match[1]);
  const month = Number(match[2]) - 1 - months;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(Number(match[3]), lastOfMonth)));
  return date.toISOString().slice(0, 10);
}

/** The widest `from`–`to` the API's `changes` takes (366 × 12 days). */
export const MAX_CHANGES_DAYS = 366 * 12;

/**
 * The days the changes panel lists: the twelve months up to the As-of day, or, at any time, the
 * whole covered span (the latest MAX_CHANGES_DAYS of it, should it ever grow longer than that).
 * Without a known span, any time means the twelve months up to today.
 */
export function changesWindow(asOf: string | null, span: Span | null, today: string): Span {
  if (asOf) return { from: monthsBefore(asOf, 12), until: asOf };
  if (!span) return { from: monthsBefore(today, 12), until: today };
  const from = Math.max(dayNumber(span.from), dayNumber(span.until) - MAX_CHANGES_DAYS);
  return { from: dayString(from), until: span.until };
}

/** `fn` called once calls stop for `wait` ms, with the last call's arguments. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, wait: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, wait);
  };
}
