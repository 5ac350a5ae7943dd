import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { id as bodyId, idParam } from '@chuangwen/domain/common/ids';
import type { FastifyRequest } from 'fastify';
import {
  allotInput,
  assignmentDetailSchema,
  assignmentSchema,
  checklistItemSchema,
  checklistItemUpdate,
  checklistReorder,
  fieldDataSchema,
  noticeActionInput,
  noticeDetailSchema,
  noticeIssueInput,
  noticeSchema,
  opKey,
  roundDetailSchema,
  roundInput,
  roundResultsSchema,
  roundSchema,
  roundUpdateInput,
  siteTypeSchema,
  syncInput,
  syncResultSchema,
  teamInput,
  teamSchema,
} from '@chuangwen/domain/inspections/inspection.schemas';
import { NOTICE_ACTIONS, NOTICE_STATES } from '@chuangwen/domain/inspections/notice.workflow';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import * as checklist from './checklist.service';
import * as rounds from './round.service';
import * as field from './field.service';
import * as notices from './notice.service';
import { roundResults } from './results.service';
import { DOCX_TYPE } from './notice.docx';
import { inspectionAssignments } from './inspection.tables';
import { acceptUploads } from '../../platform/http/uploads';

const id = idParam;
const idParams = z.object({ id });

export const inspectionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await acceptUploads(app);
  const { db } = deps.database;
  const ctx = (req: FastifyRequest) => ({ ...req.ctx, actor: req.actor! });
  const tags = ['inspections'];
  const P = '/inspections';

  // ---- checklists ----------------------------------------------------------------------------------
  app.get(
    `${P}/checklists`,
    {
      config: { permission: 'inspection.view' },
      schema: {
        tags,
        summary: 'Checklist items of a framework, per site type in order',
        querystring: z.object({ frameworkId: id, siteType: siteTypeSchema.optional() }),
        response: { 200: z.object({ items: z.array(checklistItemSchema) }) },
      },
    },
    async (req) => ({ items: await checklist.listChecklist(db, req.query.frameworkId, { siteTypes: req.query.siteType ? [req.query.siteType] : undefined }) }),
  );

  app.post(
    `${P}/checklists/derive`,
    {
      config: { permission: 'inspection.plan' },
      schema: {
        tags,
        summary: 'Create the missing items from the criteria tagged with site types (edited items are kept)',
        body: z.strictObject({ frameworkId: bodyId }),
        response: { 200: z.object({ created: z.number() }) },
      },
    },
    async (req) => checklist.deriveChecklistFor(db, ctx(req), req.body.frameworkId),
  );

  app.post(
    `${P}/checklists/reorder`,
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, summary: 'Order one site type’s items', body: checklistReorder, response: { 200: z.object({ items: z.array(checklistItemSchema) }) } },
    },
    async (req) => checklist.reorderChecklist(db, ctx(req), req.body),
  );

  app.patch(
    `${P}/checklists/:id`,
    {
      config: { permission: 'inspection.plan' },
      schema: {
        tags,
        summary: 'Edit an item’s wording, order, activity or case class (version-checked)',
        params: idParams,
        body: checklistItemUpdate,
        response: { 200: checklistItemSchema },
      },
    },
    async (req) => checklist.updateChecklistItem(db, ctx(req), req.params.id, req.body),
  );

  // ---- rounds, teams, allotment --------------------------------------------------------------------
  app.get(
    `${P}/rounds`,
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'Inspection rounds, latest first', response: { 200: z.object({ items: z.array(roundSchema) }) } },
    },
    async () => ({ items: await rounds.listRounds(db) }),
  );

  app.post(
    `${P}/rounds`,
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, summary: 'Plan a round (the framework’s checklists are derived if missing)', body: roundInput, response: { 201: roundDetailSchema } },
    },
    async (req, reply) => reply.status(201).send(await rounds.createRound(db, ctx(req), req.body)),
  );

  app.get(
    `${P}/rounds/:id`,
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'A round with its teams', params: idParams, response: { 200: roundDetailSchema } },
    },
    async (req) => rounds.getRoundDetail(db, req.params.id),
  );

  app.patch(
    `${P}/rounds/:id`,
    {
      config: { permission: 'inspection.plan' },
      schema: {
        tags,
        summary: 'Edit a round or change its status (version-checked)',
        params: idParams,
        body: roundUpdateInput,
        response: { 200: roundDetailSchema },
      },
    },
    async (req) => rounds.updateRound(db, ctx(req), req.params.id, req.body),
  );

  app.post(
    `${P}/rounds/:id/teams`,
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, summary: 'Form a team (leader, members) bound to towns/subdistricts', params: idParams, body: teamInput, response: { 201: teamSchema } },
    },
    async (req, reply) => reply.status(201).send(await rounds.addTeam(db, ctx(req), req.params.id, req.body)),
  );

  app.put(
    `${P}/teams/:id`,
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, summary: 'Change a team', params: idParams, body: teamInput, response: { 200: teamSchema } },
    },
    async (req) => rounds.updateTeam(db, ctx(req), req.params.id, req.body),
  );

  app.delete(
    `${P}/teams/:id`,
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, summary: 'Remove a team without results', params: idParams },
    },
    async (req, reply) => {
      await rounds.deleteTeam(db, ctx(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${P}/rounds/:id/allot`,
    {
      config: { permission: 'inspection.plan' },
      schema: {
        tags,
        summary: 'Allot sites to teams: seeded random sample (same seed → same sites) or chosen pairs',
        params: idParams,
        body: allotInput,
        response: { 200: z.object({ allotted: z.number(), kept: z.number() }) },
      },
    },
    async (req) => rounds.allotSites(db, ctx(req), req.params.id, req.body),
  );

  app.get(
    `${P}/rounds/:id/assignments`,
    {
      config: { permission: 'inspection.view' },
      schema: {
        tags,
        summary: 'Sites allotted in a round',
        params: idParams,
        querystring: z.object({ teamId: id.optional() }),
        response: { 200: z.object({ items: z.array(assignmentSchema) }) },
      },
    },
    async (req) => ({ items: await rounds.listAssignments(db, req.params.id, req.query.teamId) }),
  );

  app.get(
    `${P}/assignments/:id`,
    {
      config: { permission: 'inspection.view' },
      schema: { tags, summary: 'One site visit with its checklist and results', params: idParams, response: { 200: assignmentDetailSchema } },
    },
    async (req) => rounds.assignmentDetail(db, and(eq(inspectionAssignments.id, req.params.id))),
  );

  app.get(
    `${P}/rounds/:id/results`,
    {
      config: { permission: 'inspection.view' },
      schema: {
        tags,
        summary: 'Pass rates per site type, criterion, town and team, compared with the previous round, and the summary sentence',
        params: idParams,
        response: { 200: roundResultsSchema },
      },
    },
    async (req) => roundResults(db, req.params.id, req.locale),
  );

  // ---- field page ----------------------------------------------------------------------------------
  app.get(
    `${P}/field`,
    {
      config: { permission: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Everything the caller’s teams need offline: rounds, allotted sites (in the teams’ towns), checklists, results so far',
        response: { 200: fieldDataSchema },
      },
    },
    async (req) => field.fieldData(db, req.actor!),
  );

  app.get(
    `${P}/field/assignments/:id`,
    {
      config: { permission: 'inspection.conduct' },
      schema: { tags, summary: 'One of the caller’s site visits (another team’s → 404)', params: idParams, response: { 200: assignmentDetailSchema } },
    },
    async (req) => field.fieldAssignment(db, req.actor!, req.params.id),
  );

  app.post(
    `${P}/photos`,
    {
      config: { permission: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Upload a photo taken at a site (multipart `file`; header Idempotency-Key: a retry returns the same file)',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ fileId: z.string() }), 200: z.object({ fileId: z.string() }) },
      },
    },
    async (req, reply) => {
      const key = opKey.safeParse(req.headers['idempotency-key']);
      if (!key.success) throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: 'Idempotency-Key', message: 'v.format' }]);
      if (!req.isMultipart()) throw new AppError(400, 'file_required', 'file_required');
      const part = await req.file();
      if (!part) throw new AppError(400, 'file_required', 'file_required');
      const result = await field.storeFieldPhoto({ db, store: deps.store }, ctx(req), key.data, { buffer: await part.toBuffer(), filename: part.filename });
      return reply.status(result.duplicate ? 200 : 201).send({ fileId: result.fileId });
    },
  );

  app.post(
    `${P}/sync`,
    {
      config: { permission: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Apply queued field operations (site visits) by idempotency key; each op answers ok, duplicate or error',
        body: syncInput,
        response: { 200: syncResultSchema },
      },
    },
    async (req) => field.sync(db, ctx(req), req.body),
  );

  // ---- rectification notices -----------------------------------------------------------------------
  app.post(
    `${P}/rounds/:id/notices`,
    {
      config: { permission: 'notice.issue' },
      schema: {
        tags,
        summary: 'Issue a notice per town with cases in the round (and hand the cases over)',
        params: idParams,
        body: noticeIssueInput,
        response: { 201: z.object({ items: z.array(noticeSchema), dispatched: z.number(), refused: z.number() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await notices.issueNotices(db, ctx(req), req.params.id, req.body)),
  );

  app.get(
    `${P}/notices`,
    {
      config: { permission: 'notice.view' },
      schema: {
        tags,
        summary: 'Notices of the caller’s units',
        querystring: z.object({ roundId: id.optional(), state: z.enum(NOTICE_STATES).optional() }),
        response: { 200: z.object({ items: z.array(noticeSchema) }) },
      },
    },
    async (req) => notices.listNotices(db, req.actor!, req.query),
  );

  app.get(
    `${P}/notices/:id`,
    {
      config: { permission: 'notice.view' },
      schema: { tags, summary: 'A notice with its cases, timeline and the caller’s allowed actions', params: idParams, response: { 200: noticeDetailSchema } },
    },
    async (req) => notices.getNotice(db, req.actor!, req.params.id),
  );

  app.post(
    `${P}/notices/:id/actions/:action`,
    {
      config: { permission: 'notice.view' },
      schema: {
        tags,
        summary: 'submit (unit: notice.handle) · approve / reject (office: notice.issue)',
        params: z.object({ id, action: z.enum(NOTICE_ACTIONS) }),
        body: noticeActionInput,
        response: { 200: noticeDetailSchema },
      },
    },
    async (req) => notices.applyNoticeAction(db, ctx(req), req.params.id, req.params.action, req.body),
  );

  app.get(
    `${P}/notices/:id/document.docx`,
    {
      config: { permission: 'notice.view' },
      schema: { tags, summary: 'The notice as a Word document (.docx)', params: idParams },
    },
    async (req, reply) => {
      const { detail, buffer } = await notices.noticeDocument(db, req.actor!, req.params.id);
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', `attachment; filename="notice.docx"; filename*=UTF-8''${encodeURIComponent(`${detail.number}.docx`)}`)
        .send(buffer);
    },
  );
};
