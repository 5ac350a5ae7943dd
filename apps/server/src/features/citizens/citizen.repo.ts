import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/db';
import { casePhotos, caseEvents, cases } from '../cases/case.tables';
import { files } from '../files/file.tables';
import { citizenReports, photoRedactions } from './citizen.tables';

// Queries of citizen reports. "Public" columns only unless a function says otherwise.

const dup = alias(cases, 'dup');

/** A citizen case with what the public side needs (no reporter data). */
export function citizenCaseQuery(exec: Executor) {
  return exec
    .select({
      id: cases.id,
      number: cases.number,
      nature: cases.nature,
      categoryCode: cases.categoryCode,
      subcategoryCode: cases.subcategoryCode,
      state: cases.state,
      description: cases.description,
      address: cases.address,
      lon: cases.lon,
      lat: cases.lat,
      submittedAt: cases.submittedAt,
      updatedAt: cases.updatedAt,
      closedAt: cases.closedAt,
      deadlineAt: cases.deadlineAt,
      responsibleUnitId: cases.responsibleUnitId,
      trackingCode: citizenReports.trackingCode,
      channel: citizenReports.channel,
      duplicateOfNumber: dup.number,
      duplicateOfState: dup.state,
    })
    .from(cases)
    .innerJoin(citizenReports, eq(citizenReports.caseId, cases.id))
    .leftJoin(dup, eq(dup.id, citizenReports.duplicateOfCaseId));
}
export type CitizenCaseRow = Awaited<ReturnType<ReturnType<typeof citizenCaseQuery>['where']>>[number];

export async function findByTrackingCode(exec: Executor, code: string): Promise<CitizenCaseRow | null> {
  const [row] = await citizenCaseQuery(exec).where(eq(citizenReports.trackingCode, code));
  return row ?? null;
}

export async function findCitizenCase(exec: Executor, where: SQL): Promise<CitizenCaseRow | null> {
  const [row] = await citizenCaseQuery(exec).where(where);
  return row ?? null;
}

/**
 * The public copies of a case's after-photos (a redacted copy when staff made one, else the
 * after-photo itself), with the event that attached them.
 */
export async function publicAfterPhotos(exec: Executor, caseIds: number[]) {
  if (caseIds.length === 0) return [];
  return exec
    .select({
      caseId: casePhotos.caseId,
      eventId: casePhotos.eventId,
      originalId: casePhotos.fileId,
      fileId: sql<string>`coalesce(${photoRedactions.redactedFileId}, ${casePhotos.fileId})`,
    })
    .from(casePhotos)
    .leftJoin(photoRedactions, and(eq(photoRedactions.caseId, casePhotos.caseId), eq(photoRedactions.fileId, casePhotos.fileId)))
    .where(and(inArray(casePhotos.caseId, caseIds), eq(casePhotos.phase, 'after')))
    .orderBy(asc(casePhotos.createdAt));
}

export async function listCaseEvents(exec: Executor, caseId: number) {
  return exec
    .select({ id: caseEvents.id, action: caseEvents.action, at: caseEvents.at, data: caseEvents.data })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.id));
}

export async function findFileRow(exec: Executor, id: string) {
  const [row] = await exec.select().from(files).where(eq(files.id, id));
  return row ?? null;
}
