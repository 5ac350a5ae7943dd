import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodes, divideRoundHalfUp, formatPoints, parsePoints, pointsToHundredths } from './framework.points';
import { pointsString } from './framework.schemas';

describe('points', () => {
  it.each([
    ['2', 200],
    ['2.5', 250],
    ['0.25', 25],
    ['0.50', 50],
    [' 12 ', 1200],
    ['.5', 50],
    ['3.', 300],
    ['-0', 0],
    [1.5, 150],
    [0, 0],
  ])('parses %j as %i hundredths', (value, hundredths) => {
    expect(parsePoints(value)).toEqual({ ok: true, hundredths });
  });

  it.each([
    ['two', 'pointsNotNumeric'],
    ['', 'pointsNotNumeric'],
    ['1e2', 'pointsNotNumeric'],
    ['1,5', 'pointsNotNumeric'],
    [Number.NaN, 'pointsNotNumeric'],
    [null, 'pointsNotNumeric'],
    ['12345', 'pointsNotNumeric'],
    ['-1', 'pointsNegative'],
    [-0.5, 'pointsNegative'],
    ['0.125', 'pointsTooPrecise'],
    [0.1 + 0.2, 'pointsTooPrecise'],
  ])('refuses %j (%s)', (value, error) => {
    expect(parsePoints(value)).toEqual({ ok: false, error });
  });

  it('formats canonically and round-trips', () => {
    expect([250, 1200, 5, 0, 999_999].map(formatPoints)).toEqual(['2.5', '12', '0.05', '0', '9999.99']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (h) => {
        const text = formatPoints(h);
        expect(pointsString.safeParse(text).success).toBe(true);
        expect(pointsToHundredths(text)).toBe(h);
      }),
    );
  });

  it('divides exactly, rounding half up', () => {
    expect([divideRoundHalfUp(5, 2), divideRoundHalfUp(4, 3), divideRoundHalfUp(5, 3), divideRoundHalfUp(0, 7)]).toEqual([3, 1, 2, 0]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 20 }), (n, d) => {
        const q = divideRoundHalfUp(n, d);
        // q is the integer nearest n/d, halves up: |n − q·d| ≤ d/2, and = d/2 only when rounding up
        expect(2 * Math.abs(n - q * d) <= d).toBe(true);
        if (2 * (n - q * d) === d) throw new Error('rounded half down');
      }),
    );
  });

  it('orders codes naturally and independently of locale', () => {
    expect(['Ⅲ-10', 'Ⅲ-9', 'Ⅲ-9-2', 'Ⅱ-1', 'A1.10', 'A1.2', 'a', 'B'].sort(compareCodes)).toEqual(['A1.2', 'A1.10', 'B', 'a', 'Ⅱ-1', 'Ⅲ-9', 'Ⅲ-9-2', 'Ⅲ-10']);
    expect(compareCodes('x01', 'x1')).not.toBe(0);
  });
});
