import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UNIT_GRADES } from '@chuangwen/domain/cases/case.metrics';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { inspectionResults, kpis, mayReceive, rankings, topCategories, trend, type Period } from './dashboard.service';
import { subscribeCaseEvents } from './dashboard.events';
import { summaryDocx, summaryDraft } from './summary.service';
import { bulletinRoutes } from './bulletin.routes';
import { activeTemplate } from '../templates/template.service';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const periodQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });
const rate = z.number().nullable();
/** How the red and black lists were drawn: top n each (ties whole), units with fewer than minDue due assignments on neither. */
const listRule = z.object({ top: z.number(), minDue: z.number() });

function periodOf(q: { from: string; to: string }): Period {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from)) throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'to > from' }]);
  if (to.getTime() - from.getTime() > 400 * 86_400_000)
    throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'at most 400 days' }]);
  return { from, to };
}

const rankedUnit = z.object({
  unitId: z.number(),
  unitName: z.string(),
  unitKind: z.string(),
  dispatched: z.number(),
  returned: z.number(),
  parked: z.number(),
  due: z.number(),
  closed: z.number(),
  closedOnTime: z.number(),
  overdue: z.number(),
  reworked: z.number(),
  reachedVerification: z.number(),
  closureRate: rate,
  onTimeClosureRate: rate,
  overdueRate: rate,
  reworkRate: rate,
  averageHandlingHours: rate,
  score: rate,
  grade: z.enum(UNIT_GRADES).nullable(),
  rank: z.number().nullable(),
  previousRank: z.number().nullable(),
  rankDelta: z.number().nullable(),
  previousScore: rate,
});
const passRates = {
  sitesVisited: z.number(),
  sitesPassed: z.number(),
  itemsChecked: z.number(),
  itemsPassed: z.number(),
  fails: z.number(),
  severeFails: z.number(),
  sitePassRate: rate,
  itemPassRate: rate,
};
const inspectionResultsSchema = z.object({
  latest: z
    .object({
      roundId: z.number(),
      name: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      summary: z.object({
        sitesAllotted: z.number(),
        sitesVisited: z.number(),
        problemsFound: z.number(),
        rejected: z.number(),
        dispatched: z.number(),
        rectified: z.number(),
        rectificationRate: rate,
        sentence: z.string(),
      }),
      total: z.object(passRates),
      bySiteType: z.array(z.object({ key: z.string(), label: z.string(), ...passRates })),
      byTown: z.array(z.object({ key: z.string(), label: z.string(), ...passRates })),
    })
    .nullable(),
  rounds: z.array(z.object({ roundId: z.number(), name: z.string(), periodEnd: z.string(), sitesVisited: z.number(), sitePassRate: rate, itemPassRate: rate })),
});
const summarySection = z.object({ heading: z.string().max(200), text: z.string().max(20_000) });

export const dashboardRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['dashboard'];
  await app.register(bulletinRoutes, deps);

  // Open streams end before the server closes (SIGTERM drains: an event stream is never idle).
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  app.get(
    '/dashboard/kpis',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary:
          'KPIs of a period: problems found (submitted, not rejected) and closed, closure, on-time and rework rates, open and overdue now, projected score and gap, inspections',
        querystring: periodQuery,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            found: z.number(),
            closed: z.number(),
            closureRate: rate,
            closedInPeriod: z.number(),
            open: z.number(),
            overdue: z.number(),
            onTimeClosureRate: rate,
            /** County (the reader's scope) rework rate: reworked / reachedVerification over every unit's assignments of the period. */
            reworkRate: rate,
            reworked: z.number(),
            reachedVerification: z.number(),
            framework: z.object({ id: z.number(), name: z.string(), points: z.number(), projectedScore: rate, gap: rate, scoreRate: rate }).nullable(),
            inspections: z.object({ rounds: z.number(), checks: z.number(), failedChecks: z.number() }).nullable(),
          }),
        },
      },
    },
    async (req) => kpis(db, req.actor!, periodOf(req.query)),
  );

  app.get(
    '/dashboard/trend',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary: 'New and closed cases per day (Asia/Shanghai) of the period',
        querystring: periodQuery,
        response: { 200: z.object({ items: z.array(z.object({ day: z.string(), created: z.number(), closed: z.number() })) }) },
      },
    },
    async (req) => trend(db, req.actor!, periodOf(req.query)),
  );

  app.get(
    '/dashboard/categories',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary: 'The most frequent case categories (大类) of the period',
        querystring: periodQuery.extend({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: {
          200: z.object({ items: z.array(z.object({ nature: z.string(), categoryCode: z.string(), categoryName: z.string(), count: z.number() })) }),
        },
      },
    },
    async (req) => topCategories(db, req.actor!, periodOf(req.query), req.query.limit),
  );

  app.get(
    '/dashboard/inspections',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary:
          'Inspection results: the latest rounds with results ended by the period’s end, their pass rates, and the latest per site type and town with its summary',
        querystring: periodQuery.extend({ rounds: z.coerce.number().int().min(1).max(12).default(6) }),
        response: { 200: inspectionResultsSchema },
      },
    },
    async (req) => inspectionResults(db, periodOf(req.query), req.locale, req.query.rounds),
  );

  app.get(
    '/rankings',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary:
          'Red and black lists (红黑榜) of a period and unit kind: composite score and its parts, rank and move since the previous period of the same length',
        querystring: periodQuery.extend({ kind: z.enum(UNIT_KINDS).optional(), top: z.coerce.number().int().min(1).max(50).default(5) }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            asOf: z.string(),
            previousFrom: z.string(),
            previousTo: z.string(),
            items: z.array(rankedUnit),
            redList: z.array(z.number()),
            blackList: z.array(z.number()),
            listRule,
          }),
        },
      },
    },
    async (req) => rankings(db, req.actor!, { ...periodOf(req.query), kind: req.query.kind, top: req.query.top }),
  );

  app.get(
    '/dashboard/events',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags,
        summary:
          'Server-sent events (send Accept: text/event-stream, else 406): `case` (created or changed; only cases the caller may see), a comment every 15 s keeps proxies open',
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      // EventSource always asks for text/event-stream; anything else would hang on an endless body.
      if (!(req.headers.accept ?? '').includes('text/event-stream')) throw new AppError(406, 'not_acceptable', 'event_stream_only');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
      });
      res.write('retry: 3000\n: connected\n\n');
      const unsubscribe = subscribeCaseEvents(db, (event) => {
        if (!mayReceive(actor, event)) return;
        const { reporterUserId: _r, areaUnitPath: _a, responsibleUnitPath: _p, ...visible } = event;
        res.write(`event: case\nid: ${event.caseId}-${Date.now()}\ndata: ${JSON.stringify(visible)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
      heartbeat.unref();
      const end = () => {
        if (!streams.delete(end)) return;
        clearInterval(heartbeat);
        unsubscribe();
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    },
  );

  app.get(
    '/reports/work-summary/draft',
    {
      config: { permission: 'report.export' },
      schema: {
        tags: ['reports'],
        summary: 'Work summary (工作总结) draft of a period: the office’s active template filled with the period’s figures, editable before rendering',
        querystring: periodQuery,
      },
    },
    async (req) => summaryDraft(db, req.actor!, periodOf(req.query), await activeTemplate(db, req.actor!, 'work_summary')),
  );

  app.post(
    '/reports/work-summary.docx',
    {
      config: { permission: 'report.export' },
      schema: {
        tags: ['reports'],
        summary: 'Render the (edited) work summary as Word; the units table is recomputed from the period',
        body: z.strictObject({
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }),
          title: z.string().min(1).max(200),
          sections: z.array(summarySection).max(50),
        }),
      },
    },
    async (req, reply) => {
      const p = periodOf(req.body);
      const draft = await summaryDraft(db, req.actor!, p);
      const issuedOn = new Date(Date.now() + 8 * 3_600_000);
      const buffer = await summaryDocx({
        title: req.body.title,
        sections: req.body.sections,
        table: draft.table,
        tableNote: draft.tableNote,
        issuer: `${req.actor!.unitName}`,
        issuedOn: `${issuedOn.getUTCFullYear()}年${issuedOn.getUTCMonth() + 1}月${issuedOn.getUTCDate()}日`,
      });
      const name = req.locale === 'en' ? 'work-summary.docx' : `${req.body.title}.docx`;
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', `attachment; filename="work-summary.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buffer);
    },
  );
};
