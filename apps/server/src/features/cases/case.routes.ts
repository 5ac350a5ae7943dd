import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bigIdParam, idParam } from '@chuangwen/domain/common/ids';
import { CASE_ACTIONS } from '@chuangwen/domain/cases/case.workflow';
import {
  CASE_NATURES,
  caseCategorySchema,
  caseCreateInput,
  caseDetailSchema,
  caseListFilter,
  caseListQuery,
  caseSummarySchema,
  lat,
  lon,
} from '@chuangwen/domain/cases/case.schemas';
import { UNIT_GRADES } from '@chuangwen/domain/cases/case.metrics';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { XLSX_TYPE, attachmentHeader } from '../../platform/excel/excel';
import { createCase } from './case.create';
import { applyCaseAction } from './case.funnel';
import { categoryKey, loadReference } from './case.reference';
import {
  actionsFor,
  casesOnMap,
  getCaseDetail,
  getCasePhoto,
  listCases,
  listCategories,
  listInbox,
  routingProposal,
  toSummary,
  unitMetrics,
} from './case.service';
import { streamCaseLedger } from './case.excel';

const idParams = z.object({ id: bigIdParam });
const withActions = caseSummarySchema.extend({ allowedActions: z.array(z.enum(CASE_ACTIONS)) });
const unitBrief = z.object({ id: z.number(), name: z.string(), kind: z.string(), code: z.string() });
const code2 = z.string().regex(/^\d{2}$/);
const nullableRate = z.number().nullable();
/** How the red and black lists were drawn: top n each, units with fewer than minDue due assignments on neither. */
const listRule = z.object({ top: z.number(), minDue: z.number() });

export const caseRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  const tags = ['cases'];

  app.post(
    '/cases',
    {
      config: { permission: 'case.create' },
      schema: {
        tags,
        summary: 'Report a case (any source). Send an Idempotency-Key header: a retry returns the same case (200 instead of 201)',
        headers: z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() }),
        body: caseCreateInput,
        response: { 200: withActions, 201: withActions },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const { row, created } = await createCase(db, { ...req.ctx, actor }, req.body, { idempotencyKey: req.headers['idempotency-key'] ?? null });
      // Names from the reference cache: the response costs no further query.
      const ref = await loadReference(db);
      const category = ref.categories.get(categoryKey(row.nature, row.categoryCode, row.subcategoryCode));
      const summary = toSummary({
        ...row,
        areaUnitName: ref.unitsById.get(row.areaUnitId)?.name ?? null,
        categoryName: category?.categoryName ?? null,
        subcategoryName: category?.subcategoryName ?? null,
        responsibleUnitName: row.responsibleUnitId ? (ref.unitsById.get(row.responsibleUnitId)?.name ?? null) : null,
      });
      return reply.status(created ? 201 : 200).send({ ...summary, allowedActions: actionsFor(actor, row) });
    },
  );

  app.get(
    '/cases',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: 'Cases in the caller’s scope, newest first, keyset paged (pass nextCursor back as cursor)',
        querystring: caseListQuery,
        response: { 200: z.object({ items: z.array(caseSummarySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listCases(db, req.actor!, req.query),
  );

  app.get(
    '/cases/inbox',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: 'The caller’s queue: their units’ open cases (office: cases waiting on the office), overdue first, then by deadline',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(withActions) }) },
      },
    },
    async (req) => listInbox(db, req.actor!, req.query.limit),
  );

  app.get(
    '/cases/map',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: 'Cases in a bounding box: points when ≤ 1000, else grid clusters (same filters as the list)',
        querystring: caseListFilter.extend({
          west: z.coerce.number().min(-180).max(180),
          south: z.coerce.number().min(-90).max(90),
          east: z.coerce.number().min(-180).max(180),
          north: z.coerce.number().min(-90).max(90),
        }),
        response: {
          200: z.object({
            total: z.number(),
            points: z.array(z.object({ id: z.number(), number: z.string(), lon: z.number(), lat: z.number(), state: z.string(), isOverdue: z.boolean() })),
            clusters: z.array(z.object({ lon: z.number(), lat: z.number(), count: z.number(), overdue: z.number() })),
          }),
        },
      },
    },
    async (req) => {
      const { west, south, east, north, ...filter } = req.query;
      if (!(east > west && north > south))
        throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'east', message: 'east > west, north > south' }]);
      return casesOnMap(db, req.actor!, filter, { west, south, east, north });
    },
  );

  app.get(
    '/cases/export.xlsx',
    {
      config: { permission: 'case.view' },
      schema: { tags, summary: 'The Excel ledger (台账) of the filtered cases, streamed', querystring: caseListFilter },
    },
    async (req, reply) => {
      const stream = streamCaseLedger(db, req.actor!, req.query, req.locale);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentHeader(req.locale === 'en' ? 'cases.xlsx' : '问题台账.xlsx'))
        .send(stream);
    },
  );

  app.get(
    '/cases/routing-proposal',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: '以块为主、条条保证: the territorial unit containing the point answers, the subcategory’s department supports',
        querystring: z.object({
          lon: z.coerce.number().pipe(lon),
          lat: z.coerce.number().pipe(lat),
          nature: z.enum(CASE_NATURES),
          categoryCode: code2,
          subcategoryCode: code2,
        }),
        response: {
          200: z.object({
            responsibleUnit: unitBrief.nullable(),
            supportingUnit: unitBrief.nullable(),
            territorialUnit: unitBrief.nullable(),
            departmentUnit: unitBrief.nullable(),
            grid: unitBrief.nullable(),
            containing: z.array(unitBrief),
            deadlineRule: z.object({ amount: z.number(), unit: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req) => routingProposal(db, req.actor!, req.query),
  );

  app.get(
    '/cases/:id',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: 'One case with its timeline, before/after photos and the caller’s allowedActions',
        params: idParams,
        response: { 200: caseDetailSchema },
      },
    },
    async (req) => getCaseDetail(db, req.actor!, req.params.id),
  );

  for (const variant of ['', '/thumb'] as const) {
    app.get(
      `/cases/:id/photos/:fileId${variant}`,
      {
        config: { permission: 'case.view' },
        schema: {
          tags,
          summary: variant ? 'A case photo’s thumbnail' : 'A case photo (whoever may see the case)',
          params: idParams.extend({ fileId: z.uuid() }),
        },
      },
      async (req, reply) => {
        const file = await getCasePhoto(db, req.actor!, req.params.id, req.params.fileId);
        const key = variant ? file.thumbKey : file.storageKey;
        const data = key ? await deps.store.get(key) : null;
        if (!data) throw new AppError(404, 'not_found', 'not_found');
        return reply
          .type(variant ? 'image/jpeg' : file.contentType)
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          .send(data);
      },
    );
  }

  app.post(
    '/cases/:id/actions/:action',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary:
          'Apply a workflow action. Body = the action’s input (case.inputs.ts) + the `version` read; deadlines left out are computed from the subcategory’s limit; requestExtension may send extendByWorkingDays',
        params: idParams.extend({ action: z.enum(CASE_ACTIONS) }),
        body: z.looseObject({ version: z.number().int().min(1) }),
        response: { 200: caseDetailSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await applyCaseAction(db, { ...req.ctx, actor }, req.params.id, req.params.action, req.body);
      return getCaseDetail(db, actor, req.params.id, { justActed: true });
    },
  );

  app.get(
    '/case-categories',
    {
      config: { permission: 'case.view' },
      schema: {
        tags,
        summary: 'The classification (部件/事件 × 大类 × 小类) with deadline rules and default departments',
        response: { 200: z.object({ items: z.array(caseCategorySchema) }) },
      },
    },
    async () => ({ items: await listCategories(db) }),
  );

  app.get(
    '/metrics/units',
    {
      config: { permission: 'case.view' },
      schema: {
        tags: ['metrics'],
        summary: 'Unit metrics of a period (GB/T 30428 definitions), composite score, grade, red and black lists',
        querystring: z.object({
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }),
          kind: z.enum(UNIT_KINDS).optional(),
          unitId: idParam.optional(),
          top: z.coerce.number().int().min(1).max(50).default(5),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            asOf: z.string(),
            items: z.array(
              z.object({
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
                closureRate: nullableRate,
                onTimeClosureRate: nullableRate,
                overdueRate: nullableRate,
                reworkRate: nullableRate,
                averageHandlingHours: nullableRate,
                score: nullableRate,
                grade: z.enum(UNIT_GRADES).nullable(),
              }),
            ),
            redList: z.array(z.number()),
            blackList: z.array(z.number()),
            listRule,
          }),
        },
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      if (!(to > from)) throw new AppError(400, 'validation_failed', 'v.invalid', {}, [{ path: 'to', message: 'to > from' }]);
      return unitMetrics(db, req.actor!, { from, to, kind: req.query.kind, unitId: req.query.unitId, top: req.query.top });
    },
  );
};
