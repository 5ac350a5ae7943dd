import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_STATES } from '@chuangwen/domain/cases/case.workflow';
import { EVIDENCE_SLOT_STATES } from '@chuangwen/domain/framework/framework.api';
import { NOTICE_STATES } from '@chuangwen/domain/inspections/notice.workflow';

// Issue #12 item 5: the workflow table (packages/domain/src/cases/case.workflow.ts) is the only
// source of case states. Code asks a definition (kind, clockRuns, waitingOn, publicStage…) or a
// list derived from it (OPEN_STATES, CLOCK_STATES, OFFICE_STATES, HIDDEN_STATES…); this test fails
// when a hand-written list of case states reappears in source (tests may spell states out).

const ROOT = resolve(__dirname, '../../../../..');
const SCANNED = ['apps/server/src', 'apps/web/src', 'packages/domain/src'];
/** The table itself, the one place states are spelled out. */
const TABLE = 'packages/domain/src/cases/case.workflow.ts';
/** Other workflows share some state names; their own lists are not case lists. */
const OTHER_WORKFLOWS: { path: RegExp; states: readonly string[] }[] = [
  { path: /framework/, states: EVIDENCE_SLOT_STATES },
  { path: /inspection|notice/, states: NOTICE_STATES },
];

const NAME = `['"\`](${CASE_STATES.join('|')})['"\`]`;
const PATTERNS: { what: string; re: RegExp }[] = [
  // ['dispatched', 'rectifying'] or SQL ('submitted', 'accepted', …): only state names inside.
  { what: 'list', re: new RegExp(`[\\[(]\\s*(?:${NAME}\\s*,\\s*)+${NAME}\\s*,?\\s*[\\])]`, 'g') },
  // s === 'dispatched' || s === 'rectifying'
  { what: 'comparison chain', re: new RegExp(`[!=]==\\s*${NAME}\\s*(?:\\|\\||&&)[^;\\n]*?[!=]==\\s*${NAME}`, 'g') },
  // case 'dispatched': case 'rectifying': (switch over states)
  { what: 'switch', re: new RegExp(`case\\s+${NAME}\\s*:(?:[^]*?case\\s+${NAME}\\s*:)`, 'g') },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** Every hand-written case-state list in `text`, as "path:line: match". */
export function findStateLists(path: string, text: string): string[] {
  const found: string[] = [];
  for (const { what, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const names = [...m[0].matchAll(new RegExp(NAME, 'g'))].map((n) => n[1]!);
      if (OTHER_WORKFLOWS.some((o) => o.path.test(path) && names.every((n) => o.states.includes(n)))) continue;
      const line = text.slice(0, m.index).split('\n').length;
      found.push(`${path}:${line}: ${what} ${m[0].replace(/\s+/g, ' ').slice(0, 120)}`);
    }
  }
  return found;
}

describe('case states live in the workflow table only', () => {
  it('finds the kinds of list it guards against', () => {
    expect(findStateLists('a.ts', `const x = ['dispatched', 'rectifying'];`)).toHaveLength(1);
    expect(findStateLists('a.ts', "sql.raw(`('submitted', 'accepted', 'parked')`)")).toHaveLength(1);
    expect(findStateLists('a.ts', `if (c.state === 'submitted' || c.state === 'rejected') throw x;`)).toHaveLength(1);
    expect(findStateLists('a.ts', `switch (s) {\n case 'closed':\n return 1;\n case 'parked':\n return 2;\n}`)).toHaveLength(1);
    // Not lists of states: one state, or state names among other words (metric columns).
    expect(findStateLists('a.ts', `if (s === 'closed') return;`)).toEqual([]);
    expect(findStateLists('a.ts', `const COLUMNS = ['dispatched', 'closed', 'closed_on_time'];`)).toEqual([]);
    // Another workflow's own states, in its own feature.
    expect(findStateLists('apps/server/src/demo/demo-framework.ts', `(['accepted', 'submitted', 'returned'] as const)`)).toEqual([]);
    expect(findStateLists('apps/server/src/demo/demo-cases.ts', `(['accepted', 'submitted', 'returned'] as const)`)).toHaveLength(1);
  });

  it('no source file outside the table spells out a list of case states', () => {
    const found = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((p) => relative(ROOT, p))
      .filter((p) => p !== TABLE)
      .flatMap((p) => findStateLists(p, readFileSync(join(ROOT, p), 'utf8')));
    expect(found, 'derive the list from CASE_STATE_DEFINITIONS (statesWhere) instead').toEqual([]);
  });
});
