import { describe, expect, it } from 'vitest';
import { itemPassRate, ratio, rectificationRate, roundSummarySentence, sitePassRate, tally, tallyBy } from './inspection.rates';

describe('pass-rate arithmetic', () => {
  it('keeps the exact ratio (rounded once, where shown)', () => {
    expect(ratio(2, 3)).toBe(2 / 3);
    expect(ratio(1, 8)).toBe(0.125);
    expect(ratio(29, 42)).toBe(29 / 42); // 69.047…%: not 0.6905, which showed as 69.1%
    expect(ratio(0, 5)).toBe(0);
    expect(ratio(3, 0)).toBeNull();
  });

  it('a site passes only when every item passes; items are counted one by one', () => {
    const t = tally([
      { siteKey: 1, result: 'pass' },
      { siteKey: 1, result: 'pass' },
      { siteKey: 2, result: 'pass' },
      { siteKey: 2, result: 'fail' },
      { siteKey: 3, result: 'severeFail' },
      { siteKey: 3, result: 'fail' },
      { siteKey: 4, result: 'pass' },
    ]);
    expect(t).toEqual({ sitesVisited: 4, sitesPassed: 2, itemsChecked: 7, itemsPassed: 4, fails: 2, severeFails: 1 });
    expect(sitePassRate(t)).toBe(0.5);
    expect(itemPassRate(t)).toBe(4 / 7);
    expect(sitePassRate(tally([]))).toBeNull();
  });

  it('groups by key, skipping null keys', () => {
    const groups = tallyBy(
      [
        { siteKey: 1, result: 'pass' as const, town: 'a' },
        { siteKey: 2, result: 'fail' as const, town: 'a' },
        { siteKey: 3, result: 'pass' as const, town: 'b' },
        { siteKey: 4, result: 'fail' as const, town: null },
      ],
      (c) => c.town,
    );
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')).toMatchObject({ sitesVisited: 2, sitesPassed: 1 });
  });

  it('writes the summary in the seed’s words', () => {
    const s = { sitesVisited: 40, problemsFound: 178, rejected: 0, dispatched: 178, rectified: 176 };
    expect(rectificationRate(s)).toBe(176 / 178);
    expect(roundSummarySentence(s, 'zh-CN')).toBe('本轮督查点位40个，发现问题178项，已交办178项，已整改176项，整改率98.9%');
    expect(roundSummarySentence({ ...s, rectified: 178 }, 'zh-CN')).toContain('整改率100.0%');
    expect(roundSummarySentence({ sitesVisited: 3, problemsFound: 0, rejected: 0, dispatched: 0, rectified: 0 }, 'en')).toContain('rate —');
  });

  it('names rejected problems apart, outside "found" and the rate', () => {
    const s = { sitesVisited: 12, problemsFound: 31, rejected: 4, dispatched: 31, rectified: 31 };
    expect(rectificationRate(s)).toBe(1);
    expect(roundSummarySentence(s, 'zh-CN')).toBe('本轮督查点位12个，发现问题31项（另有4项不予立案），已交办31项，已整改31项，整改率100.0%');
    expect(roundSummarySentence(s, 'en')).toContain('found 31 problems (4 more rejected as invalid)');
  });
});
