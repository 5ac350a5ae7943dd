import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import { summarySectionTemplateSchema, summaryTemplateSchema } from '@chuangwen/domain/templates/summary.template';
import type { AppDeps } from '../../platform/features/feature';
import { getActiveTemplate, getTemplateVersion, listTemplateVersions, restoreTemplateVersion, saveTemplate } from './template.service';

// The office's work-summary template (工作总结): read, save a new version, history, restore. The
// period's figures the editor's live preview fills it with are served by the dashboard (summary.routes.ts).

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
};
