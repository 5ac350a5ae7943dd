import { and, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bigIdParam, idParam } from '@chuangwen/domain/common/ids';
import { auditPageSchema } from '@chuangwen/domain/audit/audit.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { auditLog } from '../../platform/audit/audit.tables';
import { inScope } from '../../platform/auth/policy';
import { holdsWholeJurisdiction } from '../../platform/auth/scope';

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  const { db } = database;

  // Read-only by design: the trail has no write, edit or delete route, and the table refuses them.
  app.get(
    '/audit',
    {
      config: { permission: 'audit.view' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (newest first, keyset paged)',
        querystring: z.object({
          cursor: bigIdParam.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          actorId: idParam.optional(),
          action: z.string().trim().max(64).optional(),
          entityType: z.string().trim().max(64).optional(),
          entityId: z.string().trim().max(64).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          q: z.string().trim().max(100).optional(),
        }),
        response: { 200: auditPageSchema },
      },
    },
    async (req) => {
      const f = req.query;
      // Entries about a unit are visible within the caller's audit scope; unit-less entries
      // (sign-ins of unknown names, system work) only to those who see the whole tree.
      const scoped = inScope(req.actor!, 'audit.view', sql`(select u.path from units u where u.id = "audit_log"."unit_id")`);
      const wholeTree = holdsWholeJurisdiction(req.actor!, 'audit.view');
      const conds: SQL[] = [wholeTree ? sql`true` : scoped];
      if (f.cursor) conds.push(lt(auditLog.id, f.cursor));
      if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
      if (f.action) conds.push(eq(auditLog.action, f.action));
      if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
      if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
      if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
      if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conds.push(
          or(
            ilike(auditLog.actorName, like),
            ilike(auditLog.action, like),
            sql`${auditLog.after}::text ilike ${like}`,
            sql`${auditLog.before}::text ilike ${like}`,
          )!,
        );
      }
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.id))
        .limit(f.limit + 1);
      const page = rows.slice(0, f.limit);
      return {
        items: page.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null })),
        nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
      };
    },
  );
};
