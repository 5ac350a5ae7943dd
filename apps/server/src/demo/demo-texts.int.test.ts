import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { openDatabase, type Database } from '../platform/db/db';
import { loadConfig } from '../platform/config';
import { prepareDatabase } from '../app';
import { memoryStore } from '../platform/storage/storage';
import { units } from '../platform/identity/unit.tables';
import { roles, users } from '../platform/identity/user.tables';
import { caseCategories, caseEvents, cases } from '../features/cases/case.tables';
import { evidenceItems, frameworkNodes, frameworks, selfAssessmentEvents, selfAssessments } from '../features/framework/framework.tables';
import {
  checklistItems,
  inspectionRounds,
  inspectionTeams,
  inspectionChecks,
  noticeEvents,
  rectificationNotices,
} from '../features/inspections/inspection.tables';
import { sites } from '../features/sites/site.tables';
import { exposures } from '../features/exposure/exposure.tables';
import { bulletins } from '../features/dashboard/dashboard.tables';
import { citizenReports } from '../features/citizens/citizen.tables';

// The demo county is what offices, inspectors' phones, 我的责任 and case descriptions show first:
// every text a person reads must be Chinese. This walks what the demo seed wrote (with the demo
// cases) and fails on Latin-script letters outside the allow-list below.
//
// Allow-list (tokens that are Chinese usage, not English prose): each is removed before the check.
// - grades and codes written in Latin letters by the sources: A级/B级 (tax credit grades), GDP, PM2.5,
//   AQI, LED, Wi-Fi/WiFi, App/APP, QQ, ID;
// - units of measure: km, m², m³, m, kg, dB, cm, mm, h;
// - Roman numerals of the framework's numbering (Ⅰ Ⅱ Ⅲ…, Latin script in Unicode).
// Not walked: codes, states, kinds and other enum values (the UI translates them), user names
// (log-in names), phone numbers, e-mail addresses, and the case categories' standards file
// (apps/server/src/features/cases/data/case-categories.json) is walked through the table.
const ALLOWED = [
  /[AB]级/g,
  /\bGDP\b/g,
  /\bPM2\.5\b/g,
  /\bAQI\b/g,
  /\bLED\b/g,
  /\bWi-?Fi\b/gi,
  /\bApp\b/gi,
  /\bQQ\b/g,
  /\bID\b/g,
  /(?<![A-Za-z])(?:km|m²|m³|kg|dB|cm|mm|m|h)(?![A-Za-z])/g,
  /[\u2160-\u2188]/g,
];
const LATIN = /\p{Script=Latin}+/gu;

/** The Latin-script words left in `text` once the allowed tokens are removed. */
export function latinWords(text: string): string[] {
  let rest = text;
  for (const pattern of ALLOWED) rest = rest.replace(pattern, ' ');
  return rest.match(LATIN) ?? [];
}

describe('latinWords (the checker itself)', () => {
  it('finds English words and leaves Chinese, allowed codes and units alone', () => {
    expect(latinWords('要点：party committee treats study as long-term task')).toEqual(['party', 'committee', 'treats', 'study', 'as', 'long', 'term', 'task']);
    expect(latinWords('纳税信用A级和B级纳税人占比；亿元GDP生产安全事故死亡率；PM2.5；每500m设置一处；Ⅲ-68')).toEqual([]);
    expect(latinWords('文化馆/博物馆/纪念馆/少年宫(one chosen from reported sites)')).toEqual(['one', 'chosen', 'from', 'reported', 'sites']);
    expect(latinWords('Café')).toEqual(['Café']);
  });
});

describe('the demo county speaks Chinese', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: 'memory://', dataDir: '' });
    await prepareDatabase(database, { ...loadConfig({ NODE_ENV: 'test' }), webDist: null }, { demo: true, demoCases: true, store: memoryStore() });
  });
  afterAll(async () => {
    await database?.close();
  });

  type Source = [label: string, table: PgTable, columns: Record<string, PgColumn>];
  const SOURCES: Source[] = [
    ['units', units, { name: units.name, shortName: units.shortName }],
    ['users', users, { name: users.name }],
    ['roles', roles, { name: roles.name }],
    ['frameworks', frameworks, { name: frameworks.name, edition: frameworks.edition, description: frameworks.description, source: frameworks.source }],
    [
      'framework nodes',
      frameworkNodes,
      {
        name: frameworkNodes.name,
        description: frameworkNodes.description,
        requirement: frameworkNodes.requirement,
        evidence: frameworkNodes.evidenceRequirements,
      },
    ],
    ['evidence', evidenceItems, { text: evidenceItems.text, reviewNote: evidenceItems.reviewNote }],
    ['self-assessments', selfAssessments, { note: selfAssessments.note }],
    ['self-assessment events', selfAssessmentEvents, { note: selfAssessmentEvents.note }],
    [
      'case categories',
      caseCategories,
      {
        categoryName: caseCategories.categoryName,
        subcategoryName: caseCategories.subcategoryName,
        acceptStandard: caseCategories.acceptStandard,
        closeStandard: caseCategories.closeStandard,
      },
    ],
    ['cases', cases, { description: cases.description, address: cases.address }],
    ['case events', caseEvents, { note: caseEvents.note }],
    ['citizen reports', citizenReports, { reporterName: citizenReports.reporterName }],
    ['sites', sites, { name: sites.name, address: sites.address, personInCharge: sites.personInCharge }],
    ['checklist items', checklistItems, { wording: checklistItems.wording }],
    ['inspection rounds', inspectionRounds, { name: inspectionRounds.name }],
    ['inspection teams', inspectionTeams, { name: inspectionTeams.name }],
    ['inspection checks', inspectionChecks, { note: inspectionChecks.note }],
    ['notices', rectificationNotices, { responseNote: rectificationNotices.responseNote, decisionNote: rectificationNotices.decisionNote }],
    ['notice events', noticeEvents, { note: noticeEvents.note }],
    ['exposures', exposures, { title: exposures.title, summary: exposures.summary, address: exposures.address }],
    ['bulletins', bulletins, { title: bulletins.title }],
  ];

  /** Every string inside a value (jsonb values are walked, their keys are not texts). */
  const stringsOf = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(stringsOf);
    if (value && typeof value === 'object') {
      // Evidence requirements: only the description is read by people; kind is a code.
      return Object.entries(value)
        .filter(([k]) => k !== 'kind')
        .flatMap(([, v]) => stringsOf(v));
    }
    return [];
  };

  it('has no Latin-script words in any text a person reads', async () => {
    const offenders: string[] = [];
    let walked = 0;
    for (const [label, table, columns] of SOURCES) {
      const rows = await database.db.select(columns).from(table);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          for (const text of stringsOf(value)) {
            walked++;
            const words = latinWords(text);
            if (words.length) offenders.push(`${label}.${column}: ${words.slice(0, 6).join(' ')} — «${text.slice(0, 80)}»`);
          }
        }
      }
    }
    // The demo really was walked (units, 268 framework nodes, categories, cases, sites, checklists).
    expect(walked).toBeGreaterThan(1000);
    expect(offenders).toEqual([]);
  });
});
