// The ONE way a rate (a 0..1 ratio) becomes a percentage for people: the web, the Word and PDF
// documents and the Excel exports all go through here. Rates travel exact (n / d, never
// pre-rounded); they are rounded once, here, half up, to one decimal of a percent: 2 of 3 → "66.7%",
// 29 of 42 (0.690476…) → "69.0%", 1 → "100.0%". A missing rate (denominator 0) is "—".

/** Decimals of a percent shown everywhere. */
export const PERCENT_DECIMALS = 1;

/** Excel number format of a rate cell: the exact ratio is stored, Excel shows it like the screen. */
export const PERCENT_NUMFMT = '0.0%';

/**
 * A rate in tenths of a percent, rounded half away from zero. `rate × 1000` in floating point can
 * land a hair off an exact half (0.0345 × 1000 = 34.49999…), so it is first cut to 12 significant
 * digits, far more than any count-based ratio needs and far fewer than the float error.
 */
export function percentTenths(rate: number): number {
  const x = Number((rate * 1000).toPrecision(12));
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** The percent as a number with one decimal (for charts and progress bars): 0.690476 → 69; null stays null. */
export function percentValue(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  return percentTenths(rate) / 10 || 0;
}

/** 0.690476 → "69.0%", 0.98315 → "98.3%", 1 → "100.0%", null → "—". */
export function formatRate(rate: number | null | undefined): string {
  const v = percentValue(rate);
  return v === null ? '—' : `${v.toFixed(PERCENT_DECIMALS)}%`;
}

/** The change between two rates in percentage points, rounded once: (0.75, 0.5) → "+25.0", null when either is missing. */
export function formatRateChange(rate: number | null | undefined, previous: number | null | undefined): string | null {
  if (rate === null || rate === undefined || previous === null || previous === undefined) return null;
  const v = percentValue(rate - previous)!;
  return `${v >= 0 ? '+' : ''}${v.toFixed(PERCENT_DECIMALS)}`;
}
