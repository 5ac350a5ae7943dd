import type { Locale } from '../i18n/labels';
import { formatRate } from '../common/percent';
import type { CheckResult } from './inspection.schemas';

// Pass-rate arithmetic. A site visit passes (合格) when every checked item passes; it is 不合格
// with any fail and 严重不合格 with any severe fail. Rates are exact integer ratios (2 of 3 →
// 0.666…), never pre-rounded: rounded once, where shown, by common/percent.ts (storing 0.6905 for
// 69.047 % and rounding that again showed 69.1 %). Nothing is summed from rates.

export type CheckRecord = { siteKey: string | number; result: CheckResult };
export type RateTally = { sitesVisited: number; sitesPassed: number; itemsChecked: number; itemsPassed: number; fails: number; severeFails: number };

/** n / d exactly; null when d = 0. */
export function ratio(n: number, d: number): number | null {
  if (d <= 0) return null;
  return n / d;
}

/** Tally of checks: sites are told apart by `siteKey` (an assignment id), items counted one by one. */
export function tally(checks: readonly CheckRecord[]): RateTally {
  const siteOk = new Map<string | number, boolean>();
  let itemsPassed = 0,
    fails = 0,
    severeFails = 0;
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

/**
 * A round's summary counts. `problemsFound` is the domain's one definition (cases/case.problems.ts):
 * failed checks, less those whose case was rejected (不予立案), which are counted apart in `rejected`.
 */
export type RoundSummaryNumbers = { sitesVisited: number; problemsFound: number; rejected: number; dispatched: number; rectified: number };

/** 整改率 = rectified / problems found. */
export const rectificationRate = (s: RoundSummaryNumbers) => ratio(s.rectified, s.problemsFound);

/** "本轮督查点位N个，发现问题M项（另有R项不予立案），已交办M项，已整改K项，整改率x%" — the seed's own words. */
export function roundSummarySentence(s: RoundSummaryNumbers, locale: Locale): string {
  const pct = formatRate(rectificationRate(s));
  return locale === 'en'
    ? `This round inspected ${s.sitesVisited} sites and found ${s.problemsFound} problems${s.rejected ? ` (${s.rejected} more rejected as invalid)` : ''}; ${s.dispatched} handed over, ${s.rectified} rectified, rectification rate ${pct}`
    : `本轮督查点位${s.sitesVisited}个，发现问题${s.problemsFound}项${s.rejected ? `（另有${s.rejected}项不予立案）` : ''}，已交办${s.dispatched}项，已整改${s.rectified}项，整改率${pct}`;
}
