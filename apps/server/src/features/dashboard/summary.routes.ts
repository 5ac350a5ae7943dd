import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SUMMARY_REQUIREMENTS } from '@chuangwen/domain/templates/summary.template';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { summaryDraft } from './summary.service';

// The template editor's live preview needs the period's figures, which the dashboard computes; the
// route is served here (under the templates URL) so that templates never import the dashboard.
const periodQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

export const summaryFiguresRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  app.get(
    '/templates/work-summary/figures',
    {
      config: { permission: 'template.view' },
      schema: {
        tags: ['templates'],
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
