// Points are exact. Outside the code (JSON interchange, API, PostgreSQL `numeric(6,2)`, which drizzle
// returns as a string) a point value is a DECIMAL STRING with at most two decimals: "2", "2.5",
// "0.25". Inside the code every point quantity is an INTEGER NUMBER OF HUNDREDTHS of a point
// (250 = 2.5 points). No point value ever passes through float arithmetic: strings are parsed
// digit by digit, and the score engine works on integers and rounds once per criterion.

/** Integer hundredths of a point: 1234 means 12.34 points. */
export type Hundredths = number;

/** Up to 4 integer digits, up to 2 decimals; no sign, no exponent, no spaces. */
export const POINTS_PATTERN = /^\d{1,4}(\.\d{1,2})?$/;
export const MAX_POINTS_HUNDREDTHS = 999_999;

export type PointsParseFailure = 'pointsNotNumeric' | 'pointsNegative' | 'pointsTooPrecise';
export type PointsParse = { ok: true; hundredths: Hundredths } | { ok: false; error: PointsParseFailure };

/**
 * Parses a decimal string (or a number, as spreadsheet cells deliver it) into hundredths. A number
 * is read through its shortest decimal representation, so 2.5 → "2.5" → 250, while a value such as
 * 0.1 + 0.2 (→ "0.30000000000000004") is refused as too precise rather than silently rounded.
 */
export function parsePoints(value: unknown): PointsParse {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, error: 'pointsNotNumeric' };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return { ok: false, error: 'pointsNotNumeric' };
  }
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
  if (!match) return { ok: false, error: 'pointsNotNumeric' };
  const [, sign = '', whole = '', fraction = ''] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (sign === '-' && digits !== '') return { ok: false, error: 'pointsNegative' };
  if (fraction.replace(/0+$/, '').length > 2) return { ok: false, error: 'pointsTooPrecise' };
  const wholeValue = whole === '' ? 0 : Number(whole);
  const hundredths = wholeValue * 100 + Number((fraction + '00').slice(0, 2));
  if (!Number.isSafeInteger(hundredths) || hundredths > MAX_POINTS_HUNDREDTHS) return { ok: false, error: 'pointsNotNumeric' };
  return { ok: true, hundredths };
}

/** Hundredths of a valid points string (the schema guarantees validity); throws otherwise. */
export function pointsToHundredths(points: string): Hundredths {
  const parsed = parsePoints(points);
  if (!parsed.ok) throw new RangeError(`invalid points "${points}": ${parsed.error}`);
  return parsed.hundredths;
}

/** Canonical decimal string without trailing zeros: 250 → "2.5", 1200 → "12", -5 → "-0.05". */
export function formatPoints(hundredths: Hundredths): string {
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`not an integer number of hundredths: ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/**
 * round(numerator / denominator), half up, for non-negative safe integers; exact (no float
 * division), so the same inputs give the same result on every engine.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const twice = 2 * numerator + denominator;
  const divisor = 2 * denominator;
  return (twice - (twice % divisor)) / divisor;
}

/**
 * Code order for ties and display: digit runs compare as numbers ("Ⅲ-9" before "Ⅲ-10"), the rest
 * by UTF-16 code unit. Locale-independent on purpose, so every machine sorts alike.
 */
export function compareCodes(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const xd = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yd = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xd && yd) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length < pb.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
