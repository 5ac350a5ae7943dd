import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawSample, sampleIds } from './inspection.sampling';

const idList = fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 200 });

describe('sampleIds', () => {
  it('same seed and same candidates (in any order) → the same sample', () => {
    fc.assert(
      fc.property(idList, fc.nat(250), fc.string({ minLength: 1, maxLength: 20 }), (ids, size, seed) => {
        const shuffled = [...ids].reverse();
        expect(sampleIds(shuffled, size, seed)).toEqual(sampleIds(ids, size, seed));
      }),
    );
  });

  it('respects the sample size, never repeats, and draws only candidates', () => {
    fc.assert(
      fc.property(idList, fc.nat(250), fc.string({ minLength: 1, maxLength: 20 }), (ids, size, seed) => {
        const sample = sampleIds(ids, size, seed);
        expect(sample.length).toBe(Math.min(size, ids.length));
        expect(new Set(sample).size).toBe(sample.length);
        for (const id of sample) expect(ids).toContain(id);
      }),
    );
  });

  it('different seeds usually draw different samples', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const a = sampleIds(ids, 10, 'round-1');
    const b = sampleIds(ids, 10, 'round-2');
    expect(a).not.toEqual(b);
    expect(sampleIds(ids, 10, 'round-1')).toEqual(a);
  });
});

describe('drawSample', () => {
  const types = ['mainRoad', 'park', 'farmersMarket'] as const;
  const candidate = fc.record({
    id: fc.integer({ min: 1, max: 10_000 }),
    siteType: fc.constantFrom(...types),
    townId: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  });
  const teams = [
    { id: 1, townIds: [1, 2] },
    { id: 2, townIds: [3, 4] },
    { id: 3, townIds: [4, 5] },
  ];

  it('is deterministic, respects the size per type, has no duplicates, and sends sites only to teams bound to their town', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.string({ minLength: 1 }),
        (cands, size, seed) => {
          const a = drawSample(cands, [...types], size, teams, seed);
          expect(drawSample([...cands].reverse(), [...types].reverse(), size, teams, seed)).toEqual(a);
          expect(new Set(a.map((x) => x.siteId)).size).toBe(a.length);
          const byId = new Map(cands.map((c) => [c.id, c]));
          for (const type of types) {
            const eligible = cands.filter((c) => c.siteType === type && c.townId !== null && c.townId <= 5).length;
            expect(a.filter((x) => byId.get(x.siteId)!.siteType === type).length).toBe(Math.min(size, eligible));
          }
          for (const x of a) expect(teams.find((t) => t.id === x.teamId)!.townIds).toContain(byId.get(x.siteId)!.townId);
        },
      ),
    );
  });
});
