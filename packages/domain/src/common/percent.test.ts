import { describe, expect, it } from 'vitest';
import { formatRate, formatRateChange, PERCENT_NUMFMT, percentValue } from './percent';

describe('the one rate formatter', () => {
  it('rounds once, from the exact ratio, to one decimal', () => {
    // 29 of 42 = 69.047…%: pre-rounding to 0.6905 and rounding again gave 69.1%.
    expect(formatRate(29 / 42)).toBe('69.0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(175 / 178)).toBe('98.3%');
    expect(formatRate(0.0345)).toBe('3.5%'); // float 34.4999… is still a half
    expect(formatRate(1 / 8)).toBe('12.5%');
    expect(formatRate(1 / 2000)).toBe('0.1%');
  });

  it('always shows the decimal, so the summary says what the screen says', () => {
    expect(formatRate(0.99)).toBe('99.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
  });

  it('shows a missing rate as a dash', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
    expect(percentValue(null)).toBeNull();
    expect(formatRateChange(0.5, null)).toBeNull();
  });

  it('gives chart values and changes in points with the same rounding', () => {
    expect(percentValue(29 / 42)).toBe(69);
    expect(percentValue(2 / 3)).toBe(66.7);
    expect(formatRateChange(0.75, 0.5)).toBe('+25.0');
    expect(formatRateChange(29 / 42, 0.7)).toBe('-1.0');
    expect(formatRateChange(0.5, 0.5)).toBe('+0.0');
    expect(PERCENT_NUMFMT).toBe('0.0%');
  });
});
