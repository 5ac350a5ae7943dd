import type { Locale } from '../i18n/labels';
import type { CheckResult } from './inspection.schemas';

// Pass-rate arithmetic. A site visit passes (合格) when every checked item passes; it is 不合格
// with any fail and 严重不合格 with any severe fail. Rates are exact integer ratios rounded ONCE,
// half up, to 4 decimals (basis points): 2 of 3 → 0.6667. Nothing is summed from rounded rates.

export type CheckRecord = { siteKey: string | number; result: CheckResult };
export type RateTally = { sitesVisited: number; sitesPassed: number; itemsChecked: number; itemsPassed: number; fails: number; severeFails: number };

/** round(n / d, 4 decimals), half up; null when d = 0. */
export function ratio(n: number, d: number): number | null {
  if (d <= 0) return null;
  return Math.floor((n * 10_000 * 2 + d) / (2 * d)) / 10_000;
}

/** Tally of checks: sites are told apart by `siteKey` (an assignment id), items counted one by one. */
export function tally(checks: readonly CheckRecord[]): RateTally {
  const siteOk = new Map<string | number, boolean>();
  let itemsPassed = 0, fails = 0, severeFails = 0;
  for (const c of checks) {
    const ok = c.result === 'pass';
    if (ok) itemsPassed++;
    else if (c.result === 'fail') fails++;
    else severeFails++;
    siteOk.set(c.siteKey, (siteOk.get(c.siteKey) ?? true) && ok);
  }
  let sitesPassed = 0;
  for (const ok of siteOk.values()) if (ok) sitesPassed++;
  return { sitesVisited: siteOk.size, sitesPassed, itemsChecked: checks.length, itemsPassed, fails, severeFails };
}

export const sitePassRate = (t: RateTally) => ratio(t.sitesPassed, t.sitesVisited);
export const itemPassRate = (t: RateTally) => ratio(t.itemsPassed, t.itemsChecked);

/** Groups checks by a key and tallies each group (keys in first-seen order). */
export function tallyBy<C extends CheckRecord>(checks: readonly C[], keyOf: (c: C) => string | null): Map<string, RateTally> {
  const groups = new Map<string, C[]>();
  for (const c of checks) {
    const key = keyOf(c);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return new Map([...groups].map(([k, list]) => [k, tally(list)]));
}

export type RoundSummaryNumbers = { sitesVisited: number; problemsFound: number; dispatched: number; rectified: number };

/** 整改率 = rectified / problems found. */
export const rectificationRate = (s: RoundSummaryNumbers) => ratio(s.rectified, s.problemsFound);

/** "本轮督查点位N个，发现问题M项，已交办M项，已整改K项，整改率x%" — the seed's own words. */
export function roundSummarySentence(s: RoundSummaryNumbers, locale: Locale): string {
  const rate = rectificationRate(s);
  const pct = rate === null ? '—' : `${formatPercent(rate)}%`;
  return locale === 'en'
    ? `This round inspected ${s.sitesVisited} sites and found ${s.problemsFound} problems; ${s.dispatched} handed over, ${s.rectified} rectified, rectification rate ${pct}`
    : `本轮督查点位${s.sitesVisited}个，发现问题${s.problemsFound}项，已交办${s.dispatched}项，已整改${s.rectified}项，整改率${pct}`;
}

/** 0.9889 → "98.9" (one decimal, trailing .0 dropped: 1 → "100"). */
export function formatPercent(rate: number): string {
  const tenths = Math.round(rate * 1000);
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}
