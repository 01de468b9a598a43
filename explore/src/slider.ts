import { debounce, type Span, sliderDay, sliderMax, sliderValue } from './time.ts';

/**
 * The time slider beside the "As of" date: one step per day over the covered span, kept in step
 * with the date input both ways. Dragging writes each day into the date input at once but asks
 * for the new day only once the slider rests (`wait` ms); "Any time" leaves it inactive.
 */
export class TimeSlider {
  private span: Span | null = null;
  private readonly settle: (day: string) => void;

  constructor(
    private readonly slider: HTMLInputElement,
    private readonly dateInput: HTMLInputElement,
    private readonly ends: HTMLElement,
    onDay: (day: string) => void,
    wait = 250,
  ) {
    this.settle = debounce(onDay, wait);
    slider.addEventListener('input', () => {
      if (!this.span) return;
      const day = sliderDay(this.span, Number(slider.value));
      this.dateInput.value = day;
      this.setActive(true, day);
      this.settle(day);
    });
    this.setActive(false, null);
  }

  /** The span is known: the slider spans it, and follows the date already chosen, if any. */
  setSpan(span: Span): void {
    this.span = span;
    this.slider.min = '0';
    this.slider.max = String(sliderMax(span));
    this.slider.step = '1';
    this.slider.disabled = false;
    this.slider.title = `Covered span: ${span.from} – ${span.until} (one step a day)`;
    this.ends.textContent = `${span.from} – ${span.until}`;
    this.show(this.dateInput.value || null);
  }

  /** The date input (or "Any time") chose a day: the slider moves there, or goes inactive. */
  show(day: string | null): void {
    if (this.span && day) this.slider.value = String(sliderValue(this.span, day));
    this.setActive(day !== null, day);
  }

  private setActive(active: boolean, day: string | null): void {
    this.slider.classList.toggle('inactive', !active);
    this.slider.dataset.day = day ?? '';
    this.slider.setAttribute('aria-valuetext', day ?? 'Any time');
    if (!this.span) return;
    const outside = day !== null && (day < this.span.from || day > this.span.until);
    this.slider.classList.toggle('outside', outside);
  }
}
