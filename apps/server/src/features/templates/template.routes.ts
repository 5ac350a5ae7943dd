import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { SUMMARY_REQUIREMENTS, summarySectionTemplateSchema, summaryTemplateSchema } from '@chuangwen/domain/templates/summary.template';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { summaryDraft } from '../dashboard/summary.service';
import { getActiveTemplate, getTemplateVersion, listTemplateVersions, restoreTemplateVersion, saveTemplate } from './template.service';

// The office's work-summary template (工作总结): read, save a new version, history, restore, and
// the period's figures the editor's live preview fills the template with.

const KIND = 'work_summary' as const;
const templateOut = z.object({
  kind: z.string(),
  version: z.number(),
  title: z.string(),
  sections: z.array(summarySectionTemplateSchema),
  note: z.string().nullable(),
  restoredFrom: z.number().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
const versionParams = z.object({ id: idParam.max(1_000_000) });
const periodQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

export const templateRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['templates'];

  app.get(
    '/templates/work-summary',
    {
      config: { permission: 'template.view' },
      schema: {
        tags,
        summary: 'The office’s active work-summary template (the shipped default becomes version 1 on first use)',
        response: { 200: templateOut },
      },
    },
    async (req) => getActiveTemplate(db, req.actor!, KIND),
  );

  app.put(
    '/templates/work-summary',
    {
      config: { permission: 'template.edit' },
      schema: {
        tags,
        summary:
          'Save the template as a new version after `baseVersion` (409 when someone saved in between); unknown placeholders and unbalanced braces → 400 naming each field',
        body: summaryTemplateSchema.extend({ baseVersion: z.number().int().min(1), note: z.string().max(200).optional() }),
        response: { 200: templateOut },
      },
    },
    async (req) => saveTemplate(db, { ...req.ctx, actor: req.actor! }, KIND, req.body),
  );

  app.get(
    '/templates/work-summary/versions',
    {
      config: { permission: 'template.view' },
      schema: {
        tags,
        summary: 'Every saved version, newest (= active) first',
        response: {
          200: z.object({
            activeVersion: z.number(),
            items: z.array(
              z.object({
                version: z.number(),
                title: z.string(),
                sectionCount: z.number(),
                note: z.string().nullable(),
                restoredFrom: z.number().nullable(),
                createdAt: z.string(),
                createdByName: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => listTemplateVersions(db, req.actor!, KIND),
  );

  app.get(
    '/templates/work-summary/versions/:id',
    {
      config: { permission: 'template.view' },
      schema: { tags, summary: 'One version of the template (id = version number)', params: versionParams, response: { 200: templateOut } },
    },
    async (req) => getTemplateVersion(db, req.actor!, KIND, req.params.id),
  );

  app.post(
    '/templates/work-summary/versions/:id/restore',
    {
      config: { permission: 'template.edit' },
      schema: {
        tags,
        summary: 'Make an earlier version active again: appended as a new version copying it',
        params: versionParams,
        body: z.strictObject({ baseVersion: z.number().int().min(1) }),
        response: { 200: templateOut },
      },
    },
    async (req) => restoreTemplateVersion(db, { ...req.ctx, actor: req.actor! }, KIND, req.params.id, req.body.baseVersion),
  );

  app.get(
    '/templates/work-summary/figures',
    {
      config: { permission: 'template.view' },
      schema: {
        tags,
        summary: 'The period’s value of every placeholder and which optional figures exist — what the editor’s live preview fills the template with',
        querystring: periodQuery,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            values: z.record(z.string(), z.string()),
            available: z.object(
              Object.fromEntries(SUMMARY_REQUIREMENTS.map((r) => [r, z.boolean()])) as Record<(typeof SUMMARY_REQUIREMENTS)[number], z.ZodBoolean>,
            ),
            tableRows: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      if (!(to > from) || to.getTime() - from.getTime() > 400 * 86_400_000) {
        throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'from < to, at most 400 days' }]);
      }
      const draft = await summaryDraft(db, req.actor!, { from, to });
      return { from: draft.from, to: draft.to, values: draft.values, available: draft.available, tableRows: draft.table.length };
    },
  );
};
