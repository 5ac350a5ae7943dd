import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PolygonGeometry } from './unit.schemas';
import { geometryBounds, geometryContains, pointInRing, unitsContaining } from './unit.geo';

type Ring = [number, number][];
const ringOf = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const square = (w: number, s: number, e: number, n: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [ringOf(w, s, e, n)] });

describe('point in polygon', () => {
  it('tells inside, outside and boundary of a square', () => {
    const ring = ringOf(0, 0, 1, 1);
    expect(pointInRing([0.5, 0.5], ring)).toBe(1);
    expect(pointInRing([1.5, 0.5], ring)).toBe(0);
    expect(pointInRing([1, 0.5], ring)).toBe(-1);
    expect(pointInRing([0, 0], ring)).toBe(-1);
  });

  it('handles a concave polygon (an L shape)', () => {
    const l: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(geometryContains(l, [0.5, 1.5])).toBe(true);
    expect(geometryContains(l, [1.5, 0.5])).toBe(true);
    expect(geometryContains(l, [1.5, 1.5])).toBe(false);
  });

  it('excludes holes but keeps their edge', () => {
    const donut: PolygonGeometry = { type: 'Polygon', coordinates: [ringOf(0, 0, 4, 4), ringOf(1, 1, 3, 3)] };
    expect(geometryContains(donut, [0.5, 0.5])).toBe(true);
    expect(geometryContains(donut, [2, 2])).toBe(false);
    expect(geometryContains(donut, [1, 2])).toBe(true);
  });

  it('handles MultiPolygons and refuses non-finite points', () => {
    const multi: PolygonGeometry = { type: 'MultiPolygon', coordinates: [[ringOf(0, 0, 1, 1)], [ringOf(5, 5, 6, 6)]] };
    expect(geometryContains(multi, [5.5, 5.5])).toBe(true);
    expect(geometryContains(multi, [3, 3])).toBe(false);
    expect(geometryContains(multi, [Number.NaN, 0.5])).toBe(false);
    expect(geometryBounds(multi)).toEqual([0, 0, 6, 6]);
  });

  it('agrees with the bounding box for random points in axis-aligned rectangles', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (x, y) => {
        const inside = x > -5 && x < 5 && y > -3 && y < 3;
        const outside = x < -5 || x > 5 || y < -3 || y > 3;
        const got = geometryContains(square(-5, -3, 5, 3), [x, y]);
        if (inside) expect(got).toBe(true);
        if (outside) expect(got).toBe(false);
      }),
    );
  });

  it('orders containing units smallest (deepest) first', () => {
    const units = [
      { id: 1, depth: 0, geometry: square(0, 0, 10, 10) },
      { id: 2, depth: 1, geometry: square(0, 0, 5, 5) },
      { id: 3, depth: 2, geometry: square(0, 0, 2, 2) },
      { id: 4, depth: 2, geometry: null },
      { id: 5, depth: 1, geometry: square(5, 5, 10, 10) },
    ];
    expect(unitsContaining(units, [1, 1]).map((u) => u.id)).toEqual([3, 2, 1]);
    expect(unitsContaining(units, [7, 7]).map((u) => u.id)).toEqual([5, 1]);
    expect(unitsContaining(units, [11, 11])).toEqual([]);
  });
});
