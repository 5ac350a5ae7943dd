import { and, desc, eq, like } from 'drizzle-orm';
import { describeTemplateIssue, validateSummaryTemplate, type SummaryTemplate } from '@chuangwen/domain/templates/summary.template';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';
import { DEFAULT_SUMMARY_TEMPLATE } from './summary.template';
import { documentTemplateVersions, type DocumentTemplateKind } from './template.tables';

// An office's templates as data: every save appends a version, the highest version is the active
// one, restoring appends a copy of an old version. Version 1 is the shipped default, written the
// first time the office's template is read. Every write is audited in its own transaction.

type Ctx = RequestContext & { actor: Actor };
type Row = typeof documentTemplateVersions.$inferSelect;
const SHIPPED: Record<DocumentTemplateKind, SummaryTemplate> = { work_summary: DEFAULT_SUMMARY_TEMPLATE };

/** The civilization office (创文办) of the caller's county: the `office` unit under the caller's root. */
export async function officeUnitOf(db: Executor, actor: Actor): Promise<number> {
  const [own] = await db.select({ path: units.path }).from(units).where(eq(units.id, actor.unitId));
  const root = own?.path.split('/')[1];
  if (!root) throw notFound();
  const [office] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.kind, 'office'), like(units.path, `/${root}/%`), eq(units.isActive, true)))
    .orderBy(units.sortOrder, units.id)
    .limit(1);
  if (!office) throw notFound();
  return office.id;
}

/** Rejects a template with unknown placeholders, unbalanced braces or repeated keys, in the caller's language. */
export function assertValidTemplate(template: SummaryTemplate, locale: Locale) {
  const issues = validateSummaryTemplate(template);
  if (issues.length) {
    throw new AppError(
      400,
      'validation_failed',
      'validation_failed',
      {},
      issues.map((i) => ({ path: i.path, message: describeTemplateIssue(i, locale) })),
    );
  }
}

async function latest(db: Executor, officeUnitId: number, kind: DocumentTemplateKind): Promise<Row | undefined> {
  const [row] = await db
    .select()
    .from(documentTemplateVersions)
    .where(and(eq(documentTemplateVersions.officeUnitId, officeUnitId), eq(documentTemplateVersions.kind, kind)))
    .orderBy(desc(documentTemplateVersions.version))
    .limit(1);
  return row;
}

/** The active version; on first use the shipped default becomes version 1. */
async function activeRow(db: Db, officeUnitId: number, kind: DocumentTemplateKind): Promise<Row> {
  const row = await latest(db, officeUnitId, kind);
  if (row) return row;
  await db.insert(documentTemplateVersions).values({ officeUnitId, kind, version: 1, content: SHIPPED[kind], note: null }).onConflictDoNothing();
  return (await latest(db, officeUnitId, kind))!;
}

async function nameOf(db: Db, userId: number | null) {
  if (userId === null) return null;
  const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return u?.name ?? null;
}

async function out(db: Db, row: Row) {
  return {
    kind: row.kind,
    version: row.version,
    title: row.content.title,
    sections: row.content.sections.map((s) => ({ ...s, requires: s.requires && [...s.requires] })),
    note: row.note,
    restoredFrom: row.restoredFrom,
    createdAt: row.createdAt.toISOString(),
    createdByName: await nameOf(db, row.createdBy),
  };
}

/** The template the caller's office generates its documents with. */
export async function activeTemplate(db: Db, actor: Actor, kind: DocumentTemplateKind): Promise<SummaryTemplate> {
  return (await activeRow(db, await officeUnitOf(db, actor), kind)).content;
}

export async function getActiveTemplate(db: Db, actor: Actor, kind: DocumentTemplateKind) {
  return out(db, await activeRow(db, await officeUnitOf(db, actor), kind));
}

export async function listTemplateVersions(db: Db, actor: Actor, kind: DocumentTemplateKind) {
  const officeUnitId = await officeUnitOf(db, actor);
  await activeRow(db, officeUnitId, kind);
  const rows = await db
    .select({
      version: documentTemplateVersions.version,
      content: documentTemplateVersions.content,
      note: documentTemplateVersions.note,
      restoredFrom: documentTemplateVersions.restoredFrom,
      createdAt: documentTemplateVersions.createdAt,
      createdByName: users.name,
    })
    .from(documentTemplateVersions)
    .leftJoin(users, eq(users.id, documentTemplateVersions.createdBy))
    .where(and(eq(documentTemplateVersions.officeUnitId, officeUnitId), eq(documentTemplateVersions.kind, kind)))
    .orderBy(desc(documentTemplateVersions.version));
  return {
    activeVersion: rows[0]!.version,
    items: rows.map((r) => ({
      version: r.version,
      title: r.content.title,
      sectionCount: r.content.sections.length,
      note: r.note,
      restoredFrom: r.restoredFrom,
      createdAt: r.createdAt.toISOString(),
      createdByName: r.createdByName,
    })),
  };
}

export async function getTemplateVersion(db: Db, actor: Actor, kind: DocumentTemplateKind, version: number) {
  const officeUnitId = await officeUnitOf(db, actor);
  await activeRow(db, officeUnitId, kind);
  const [row] = await db
    .select()
    .from(documentTemplateVersions)
    .where(
      and(eq(documentTemplateVersions.officeUnitId, officeUnitId), eq(documentTemplateVersions.kind, kind), eq(documentTemplateVersions.version, version)),
    );
  if (!row) throw notFound();
  return out(db, row);
}

/** Appends a version after the one the editor started from (`baseVersion`); 409 when someone saved in between. */
async function append(
  db: Db,
  ctx: Ctx,
  kind: DocumentTemplateKind,
  baseVersion: number,
  content: SummaryTemplate,
  extra: { note: string | null; restoredFrom: number | null },
) {
  const officeUnitId = await officeUnitOf(db, ctx.actor);
  await activeRow(db, officeUnitId, kind);
  const saved = await db.transaction(async (tx) => {
    const current = (await latest(tx, officeUnitId, kind))!;
    if (current.version !== baseVersion) throw conflict();
    // A concurrent save of the same version fails on the unique index (→ 409).
    const [row] = await tx
      .insert(documentTemplateVersions)
      .values({
        officeUnitId,
        kind,
        version: current.version + 1,
        content,
        note: extra.note,
        restoredFrom: extra.restoredFrom,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: extra.restoredFrom === null ? 'template.edit' : 'template.restore',
      entityType: 'documentTemplate',
      entityId: `${kind}:${row!.version}`,
      unitId: officeUnitId,
      before: { version: current.version, ...current.content },
      after: { version: row!.version, ...content, note: extra.note, restoredFrom: extra.restoredFrom },
    });
    return row!;
  });
  return out(db, saved);
}

export async function saveTemplate(db: Db, ctx: Ctx, kind: DocumentTemplateKind, input: SummaryTemplate & { baseVersion: number; note?: string }) {
  const content: SummaryTemplate = { title: input.title, sections: input.sections };
  assertValidTemplate(content, ctx.locale);
  return append(db, ctx, kind, input.baseVersion, content, { note: input.note?.trim() || null, restoredFrom: null });
}

export async function restoreTemplateVersion(db: Db, ctx: Ctx, kind: DocumentTemplateKind, version: number, baseVersion: number) {
  const officeUnitId = await officeUnitOf(db, ctx.actor);
  const [old] = await db
    .select()
    .from(documentTemplateVersions)
    .where(
      and(eq(documentTemplateVersions.officeUnitId, officeUnitId), eq(documentTemplateVersions.kind, kind), eq(documentTemplateVersions.version, version)),
    );
  if (!old) throw notFound();
  return append(db, ctx, kind, baseVersion, old.content, { note: null, restoredFrom: version });
}
