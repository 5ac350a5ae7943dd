import fs from 'node:fs';
import path from 'node:path';
import { SERVER_DIR } from '../platform/paths';
import { eq, inArray, sql } from 'drizzle-orm';
import { isCriterion, type CriterionNode } from '@chuangwen/domain/framework/framework.schemas';
import { validateFrameworkDocument } from '@chuangwen/domain/framework/framework.tree';
import type { SelfAssessmentStatus } from '@chuangwen/domain/framework/framework.schemas';
import type { Db } from '../platform/db/db';
import { recordAudit, systemContext } from '../platform/audit/audit.service';
import { units } from '../platform/identity/unit.tables';
import { users } from '../platform/identity/user.tables';
import { evidenceItems, frameworks, responsibilities, selfAssessmentEvents, selfAssessments } from '../features/framework/framework.tables';
import { ensureScoreRules, insertNodes, listNodeRows } from '../features/framework/framework.repo';
import { todayInChina } from '../features/framework/evidence.service';

// The demo county's evaluation framework: the 128 + 3 criteria built from the reference data
// (illustrative points), published, with a responsibility matrix over the 14 departments and the 6
// towns, self-assessment statuses of which 2/3 are met or mostly met, and a few evidence items.
// Deterministic for a given start day (due dates are relative to it).

const DATA = path.join(SERVER_DIR, 'src/demo/data/framework-demo.json');
const COUNTY = '339901';
const dept = (n: number) => `${COUNTY}-D${String(n).padStart(2, '0')}`;
const TOWNS = [1, 2, 3, 4, 5, 6].map((n) => `${COUNTY}${String(n).padStart(3, '0')}`);

/** Indicator (Ⅱ) → the department that leads it, and those that support it (the county's 条). */
const INDICATOR_DEPARTMENTS: Record<string, [lead: number, ...supporting: number[]]> = {
  'Ⅱ-1': [1],
  'Ⅱ-2': [1],
  'Ⅱ-3': [1, 8],
  'Ⅱ-4': [1],
  'Ⅱ-5': [1, 8],
  'Ⅱ-6': [10, 1],
  'Ⅱ-7': [1, 11],
  'Ⅱ-8': [11, 1],
  'Ⅱ-9': [10, 6],
  'Ⅱ-10': [3, 1],
  'Ⅱ-11': [1],
  'Ⅱ-12': [1],
  'Ⅱ-13': [1],
  'Ⅱ-14': [11, 4],
  'Ⅱ-15': [5, 11],
  'Ⅱ-16': [11, 5],
  'Ⅱ-17': [11],
  'Ⅱ-18': [4, 14],
  'Ⅱ-19': [4, 3],
  'Ⅱ-20': [14, 4],
  'Ⅱ-21': [8],
  'Ⅱ-22': [8, 10],
  'Ⅱ-23': [11],
  'Ⅱ-24': [10, 8],
  'Ⅱ-25': [1, 3, 5],
  'Ⅱ-26': [14],
  'Ⅱ-27': [6, 2],
  'Ⅱ-28': [9],
  'Ⅱ-29': [11, 9],
  'Ⅱ-30': [5, 9],
  'Ⅱ-31': [5],
  'Ⅱ-32': [12, 2],
  'Ⅱ-33': [7, 13, 3],
  'Ⅱ-35': [1],
  'Ⅱ-36': [1, 11],
  'Ⅱ-37': [1],
  'Ⅱ-39': [1],
  'Ⅱ-40': [1, 14],
  'TS-1': [2, 12],
};

/** 5 met, 3 mostly met, 4 not met in every 12: 8/12 = 2/3 met or mostly met, as in the seed. */
const STATUS_CYCLE: SelfAssessmentStatus[] = ['met', 'mostlyMet', 'met', 'notMet', 'met', 'mostlyMet', 'notMet', 'met', 'mostlyMet', 'notMet', 'met', 'notMet'];

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoFramework(db: Db, today = todayInChina()): Promise<{ criteria: number }> {
  const validation = validateFrameworkDocument(JSON.parse(fs.readFileSync(DATA, 'utf8')));
  if (!validation.ok) throw new Error(`demo framework invalid: ${JSON.stringify(validation.errors.slice(0, 3))}`);
  const doc = validation.document;
  return db.transaction(async (tx) => {
    const unitRows = await tx
      .select({ id: units.id, code: units.code })
      .from(units)
      .where(inArray(units.code, [...Array.from({ length: 14 }, (_, i) => dept(i + 1)), ...TOWNS]));
    const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
    const userId = new Map(
      (
        await tx
          .select({ id: users.id, username: users.username })
          .from(users)
          .where(inArray(users.username, ['admin', 'manager', 'handler']))
      ).map((u) => [u.username, u.id]),
    );

    const h = doc.framework;
    const [f] = await tx
      .insert(frameworks)
      .values({
        code: h.code,
        name: h.name,
        edition: h.edition,
        status: 'published',
        publishedAt: sql`now()`,
        pointsAreIllustrative: h.pointsAreIllustrative,
        description: h.description,
        source: h.source,
      })
      .returning();
    const frameworkId = f!.id;
    await insertNodes(tx, frameworkId, doc.nodes);
    await ensureScoreRules(tx, frameworkId);
    const nodeId = new Map((await listNodeRows(tx, frameworkId)).map((n) => [n.code, n.id]));
    const indicatorOf = new Map<string, string>();
    const parentOf = new Map(doc.nodes.map((n) => [n.code, n.parentCode]));
    for (const n of doc.nodes) if (n.level === 'indicator') indicatorOf.set(n.code, n.code);
    const indicator = (code: string): string => {
      let at: string | null | undefined = code;
      while (at && !indicatorOf.has(at)) at = parentOf.get(at);
      return at ?? '';
    };

    // Matrix: departments by indicator; site checks are territorial (块), so a town leads them
    // (rotating) with the department supporting.
    const criteria = doc.nodes.filter(isCriterion);
    const matrix = criteria.map((c: CriterionNode, i) => {
      const [lead, ...supporting] = INDICATOR_DEPARTMENTS[indicator(c.code)] ?? [1];
      const isSite = c.methods.includes('site') && c.siteTypes.length > 0;
      const leadCode = isSite ? TOWNS[i % TOWNS.length]! : dept(lead);
      const supportCodes = isSite
        ? [dept(lead), ...supporting.map(dept)]
        : [...supporting.map(dept), ...(c.methods.includes('survey') ? [TOWNS[i % TOWNS.length]!] : [])];
      return {
        nodeId: nodeId.get(c.code)!,
        frameworkId,
        leadUnitId: unitId.get(leadCode)!,
        supportingUnitIds: supportCodes.map((code) => unitId.get(code)!).filter((id) => id !== unitId.get(leadCode)),
        // Most evidence is due at the end of next month; every seventh item was due last month.
        dueOn: i % 7 === 3 ? addDays(today, -20) : addDays(today, 35),
        updatedBy: userId.get('admin')!,
      };
    });
    await tx.insert(responsibilities).values(matrix);

    // Self-assessment: veto and negative-list criteria are met (a failed one would disqualify the city).
    const statuses = criteria.map((c, i) => ({
      nodeId: nodeId.get(c.code)!,
      frameworkId,
      status: c.isVeto || c.isNegativeList ? ('met' as const) : STATUS_CYCLE[i % STATUS_CYCLE.length]!,
      note: null,
      updatedBy: userId.get('admin')!,
    }));
    await tx.insert(selfAssessments).values(statuses);
    await tx.insert(selfAssessmentEvents).values(
      statuses.map((s) => ({
        frameworkId,
        nodeId: s.nodeId,
        fromStatus: null,
        status: s.status,
        note: '年度自查（演示数据）',
        actorId: s.updatedBy,
        actorName: '王建华 (admin)',
      })),
    );

    // A handful of evidence for the demo handler's department (综合执法局) and the manager's 城关街道.
    const handlerUnit = unitId.get(dept(3))!;
    const managerUnit = unitId.get(TOWNS[0]!)!;
    const ofUnit = (id: number) => matrix.filter((m) => m.leadUnitId === id).slice(0, 3);
    const items = [
      ...ofUnit(handlerUnit).map((m, i) => ({ m, by: userId.get('handler')!, state: (['accepted', 'submitted', 'returned'] as const)[i % 3] })),
      ...ofUnit(managerUnit).map((m, i) => ({ m, by: userId.get('manager')!, state: (['submitted', 'accepted', 'submitted'] as const)[i % 3] })),
    ];
    if (items.length) {
      await tx.insert(evidenceItems).values(
        items.map(({ m, by, state }) => ({
          frameworkId,
          nodeId: m.nodeId,
          unitId: m.leadUnitId,
          kind: 'narrative' as const,
          dueOn: m.dueOn,
          state,
          submittedBy: by,
          text: '本单位按照测评要求制定了工作方案，明确责任分工，定期开展检查并建立台账。（演示数据）',
          ...(state !== 'submitted'
            ? { reviewedBy: userId.get('admin')!, reviewedAt: sql`now()`, reviewNote: state === 'returned' ? '请补充活动照片和时间地点说明' : null }
            : {}),
        })),
      );
    }
    await tx.update(frameworks).set({ dataVersion: 1 }).where(eq(frameworks.id, frameworkId));
    await recordAudit(tx, systemContext, {
      action: 'system.seedDemoFramework',
      entityType: 'framework',
      entityId: frameworkId,
      after: { criteria: criteria.length, responsibilities: matrix.length, evidence: items.length },
    });
    return { criteria: criteria.length };
  });
}
