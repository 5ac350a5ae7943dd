import { describe, expect, it } from 'vitest';
import { CASE_STATES } from '@chuangwen/domain/cases/case.workflow';
import { formatRate } from '@chuangwen/domain/common/percent';
import { compareInbox, remainingWorkingTime, stateColor } from './caseDisplay';
import { categoryOptions, categoryPath } from './categories';
import { filterQuery } from './api';
import { filenameFromDisposition } from './exportLedger';
import { newIdempotencyKey } from './idempotency';
import type { CaseCategory } from './api';

describe('stateColor', () => {
  it('colours by kind and whose move it is', () => {
    expect(stateColor('closed')).toBe('default');
    expect(stateColor('rejected')).toBe('default');
    expect(stateColor('submitted')).toBe('processing');
    expect(stateColor('awaitingVerification')).toBe('processing');
    expect(stateColor('rectifying')).toBe('orange');
    for (const s of CASE_STATES) expect(stateColor(s)).toBeTruthy();
  });
});

describe('remainingWorkingTime', () => {
  it('counts working hours only, across a weekend', () => {
    // Friday 2026-11-27 16:30 (+08) → Monday 2026-11-30 10:30: 1 h Friday + 2 h Monday.
    const left = remainingWorkingTime('2026-11-30T02:30:00Z', new Date('2026-11-27T08:30:00Z'));
    expect(left).toEqual({ overdue: false, days: 0, hours: 3 });
  });

  it('reports whole working days and overdue time', () => {
    const left = remainingWorkingTime('2026-11-23T09:30:00Z', new Date('2026-11-25T09:30:00Z'));
    expect(left).toEqual({ overdue: true, days: 2, hours: 0 });
  });

  it('skips a public holiday', () => {
    // 2026-10-01..07 are days off: from 30 Sep 17:30 to 8 Oct 09:30 is one working hour.
    const left = remainingWorkingTime('2026-10-08T01:30:00Z', new Date('2026-09-30T09:30:00Z'));
    expect(left.hours).toBe(1);
    expect(left.days).toBe(0);
  });
});

describe('compareInbox', () => {
  it('puts overdue first, then the nearest deadline, then no deadline', () => {
    const items = [
      { id: 1, isOverdue: false, deadlineAt: null },
      { id: 2, isOverdue: false, deadlineAt: '2026-12-03T00:00:00Z' },
      { id: 3, isOverdue: true, deadlineAt: '2026-11-20T00:00:00Z' },
      { id: 4, isOverdue: false, deadlineAt: '2026-12-01T00:00:00Z' },
    ];
    expect([...items].sort(compareInbox).map((i) => i.id)).toEqual([3, 4, 2, 1]);
  });
});

describe('small helpers', () => {
  it('formats rates', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0.8534)).toBe('85.3%');
    expect(formatRate(1)).toBe('100.0%');
  });

  it('repeats states in the query string and drops empty filters', () => {
    expect(filterQuery({ state: ['dispatched', 'rectifying'], overdue: false, q: '', unitId: 3 })).toEqual([
      ['state', 'dispatched'],
      ['state', 'rectifying'],
      ['overdue', 'false'],
      ['unitId', '3'],
    ]);
  });

  it('reads the download name of the ledger', () => {
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''${encodeURIComponent('问题台账.xlsx')}`, 'x.xlsx')).toBe('问题台账.xlsx');
    expect(filenameFromDisposition(null, 'x.xlsx')).toBe('x.xlsx');
  });

  it('makes v4 UUIDs', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });

  it('builds the category cascade and reads partial paths', () => {
    const cat = (nature: 'facility' | 'incident', c: string, s: string): CaseCategory => ({
      nature,
      categoryCode: c,
      categoryName: `C${c}`,
      subcategoryCode: s,
      subcategoryName: `S${s}`,
      deadlineRule: null,
      defaultDepartment: null,
      acceptStandard: null,
      closeStandard: null,
    });
    const t = ((k: string) => k) as never;
    const options = categoryOptions([cat('incident', '01', '02'), cat('incident', '01', '03'), cat('facility', '02', '01')], t);
    expect(options.map((o) => o.value)).toEqual(['facility', 'incident']);
    expect(options[1]!.children![0]!.children!.map((o) => o.value)).toEqual(['02', '03']);
    expect(categoryPath(['incident', '01'])).toEqual({ nature: 'incident', categoryCode: '01', subcategoryCode: undefined });
    expect(categoryPath(undefined)).toEqual({ nature: undefined, categoryCode: undefined, subcategoryCode: undefined });
  });
});
