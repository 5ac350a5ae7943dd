import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@chuangwen/domain/common/ids';
import type { FastifyRequest } from 'fastify';
import { frameworkDocumentSchema, frameworkNodeSchema } from '@chuangwen/domain/framework/framework.schemas';
import {
  bulkResponsibilityInput,
  evidenceItemSchema,
  evidenceQuery,
  evidenceReviewInput,
  fileEvidenceQuery,
  frameworkCloneInput,
  frameworkCreateInput,
  frameworkPublishInput,
  frameworkSummarySchema,
  frameworkUpdateInput,
  gapSchema,
  leaderSummarySchema,
  matrixQuery,
  matrixRowSchema,
  myResponsibilitySchema,
  narrativeEvidenceInput,
  nodeDetailSchema,
  nodeUpdateInput,
  pointLossResponseSchema,
  progressLineSchema,
  responsibilityInput,
  scoreResponseSchema,
  scoreRulesBody,
  scoreRulesResponse,
  selfAssessmentEventSchema,
  selfAssessmentInput,
  selfAssessmentSchema,
  selfAssessmentSummarySchema,
  treeNodeSchema,
  treeQuery,
} from '@chuangwen/domain/framework/framework.api';
import { FRAMEWORK_STATUSES } from '@chuangwen/domain/framework/framework.schemas';
import type { AppDeps } from '../../platform/features/feature';
import { AppError } from '../../platform/http/errors';
import { XLSX_TYPE, attachmentHeader } from '../../platform/excel/excel';
import * as frameworks from './framework.service';
import { exportFrameworkWorkbook, importFrameworkWorkbook } from './framework.excel';
import * as matrix from './responsibility.service';
import * as evidence from './evidence.service';
import * as selfAssessment from './self-assessment.service';
import * as score from './score.service';
import { UPLOAD_LIMIT_BYTES, acceptUploads } from '../../platform/http/uploads';

const id = idParam;
const fwParams = z.object({ id });
const nodeParams = z.object({ id, nodeId: id });
const evidenceParams = z.object({ id, evidenceId: id });
const created = z.object({ id: z.number() });
const ok = z.object({ ok: z.literal(true) });

async function fileOf(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(400, 'file_required', 'file_required');
  const part = await req.file();
  if (!part) throw new AppError(400, 'file_required', 'file_required');
  return { buffer: await part.toBuffer(), filename: part.filename };
}

export const frameworkRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await acceptUploads(app);
  const { db } = deps.database;
  const fdeps = { db, store: deps.store };
  const ctx = (req: FastifyRequest) => ({ ...req.ctx, actor: req.actor! });
  const tags = ['framework'];

  // ---- frameworks ----------------------------------------------------------------------------------
  app.get(
    '/frameworks',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'Framework versions, newest first',
        querystring: z.object({ status: z.enum(FRAMEWORK_STATUSES).optional() }),
        response: { 200: z.object({ items: z.array(frameworkSummarySchema) }) },
      },
    },
    async (req) => ({ items: (await frameworks.listFrameworks(db)).filter((f) => !req.query.status || f.status === req.query.status) }),
  );

  app.post(
    '/frameworks',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Create an empty draft framework', body: frameworkCreateInput, response: { 201: frameworkSummarySchema } },
    },
    async (req, reply) => reply.status(201).send(await frameworks.getFramework(db, await frameworks.createFramework(db, ctx(req), req.body))),
  );

  app.post(
    '/frameworks/import',
    {
      config: { permission: 'framework.edit' },
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Import a framework from the JSON interchange format (lands as a draft); 422 lists every problem and links an error report',
        body: z.unknown().describe(`A ${frameworkDocumentSchema.shape.format.value} document (packages/domain/src/framework/framework.schemas.ts)`),
        response: { 201: frameworkSummarySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await frameworks.getFramework(db, await frameworks.importFrameworkDocument(fdeps, ctx(req), req.body))),
  );

  app.post(
    '/frameworks/import.xlsx',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Import a framework from the Excel template (all or nothing; lands as a draft)',
        consumes: ['multipart/form-data'],
        response: { 201: frameworkSummarySchema },
      },
    },
    async (req, reply) => {
      const { buffer } = await fileOf(req);
      return reply.status(201).send(await frameworks.getFramework(db, await importFrameworkWorkbook(fdeps, ctx(req), buffer)));
    },
  );

  app.get(
    '/frameworks/template.xlsx',
    {
      config: { permission: 'framework.view' },
      schema: { tags, summary: 'The Excel import template (sheets 测评体系 and 基本信息, with an example)' },
    },
    async (_req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentHeader('测评体系导入模板.xlsx'))
        .send(await exportFrameworkWorkbook(fdeps, null)),
  );

  app.get(
    '/frameworks/:id',
    {
      config: { permission: 'framework.view' },
      schema: { tags, summary: 'One framework version', params: fwParams, response: { 200: frameworkSummarySchema } },
    },
    async (req) => frameworks.getFramework(db, req.params.id),
  );

  app.patch(
    '/frameworks/:id',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Edit a draft’s header (409 unless draft)',
        params: fwParams,
        body: frameworkUpdateInput,
        response: { 200: frameworkSummarySchema },
      },
    },
    async (req) => {
      await frameworks.updateFramework(db, ctx(req), req.params.id, req.body);
      return frameworks.getFramework(db, req.params.id);
    },
  );

  app.get(
    '/frameworks/:id/export.json',
    {
      config: { permission: 'framework.view' },
      schema: { tags, summary: 'Export as the JSON interchange document', params: fwParams },
    },
    async (req, reply) => {
      const doc = await frameworks.exportFrameworkDocument(db, req.params.id);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="framework.json"; filename*=UTF-8''${encodeURIComponent(`${doc.framework.name}-${doc.framework.edition}.json`)}`,
        )
        .type('application/json')
        .send(JSON.stringify(doc, null, 1));
    },
  );

  app.get(
    '/frameworks/:id/export.xlsx',
    {
      config: { permission: 'framework.view' },
      schema: { tags, summary: 'Export as Excel (same columns as the template)', params: fwParams },
    },
    async (req, reply) => {
      const f = await frameworks.getFramework(db, req.params.id);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentHeader(`${f.name}-${f.edition}.xlsx`))
        .send(await exportFrameworkWorkbook(fdeps, f.id));
    },
  );

  app.post(
    '/frameworks/:id/publish',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Publish a valid draft (archives the previously published edition of the same code)',
        params: fwParams,
        body: frameworkPublishInput,
        response: { 200: frameworkSummarySchema },
      },
    },
    async (req) => {
      await frameworks.publishFramework(fdeps, ctx(req), req.params.id, req.body.version);
      return frameworks.getFramework(db, req.params.id);
    },
  );

  app.post(
    '/frameworks/:id/clone',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Clone into a new draft edition (nodes, score rules and, by default, the matrix)',
        params: fwParams,
        body: frameworkCloneInput,
        response: { 201: frameworkSummarySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await frameworks.getFramework(db, await frameworks.cloneFramework(db, ctx(req), req.params.id, req.body))),
  );

  // ---- the tree ------------------------------------------------------------------------------------
  app.get(
    '/frameworks/:id/nodes',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'The tree as a flat list in tree order; filters keep the ancestors of matches',
        params: fwParams,
        querystring: treeQuery,
        response: { 200: z.object({ items: z.array(treeNodeSchema) }) },
      },
    },
    async (req) => ({ items: await frameworks.listTree(db, req.params.id, req.query) }),
  );

  app.get(
    '/frameworks/:id/nodes/:nodeId',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'One node with its texts, responsibility and self-assessment (when visible)',
        params: nodeParams,
        response: { 200: nodeDetailSchema },
      },
    },
    async (req) => frameworks.getNodeDetail(db, req.actor!, req.params.id, req.params.nodeId),
  );

  app.post(
    '/frameworks/:id/nodes',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Add a node to a draft (interchange node format)', params: fwParams, body: frameworkNodeSchema, response: { 201: created } },
    },
    async (req, reply) => reply.status(201).send({ id: await frameworks.createNode(db, ctx(req), req.params.id, req.body) }),
  );

  app.patch(
    '/frameworks/:id/nodes/:nodeId',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Edit a node of a draft (409 when published)', params: nodeParams, body: nodeUpdateInput, response: { 200: nodeDetailSchema } },
    },
    async (req) => {
      await frameworks.updateNode(db, ctx(req), req.params.id, req.params.nodeId, req.body);
      return frameworks.getNodeDetail(db, req.actor!, req.params.id, req.params.nodeId);
    },
  );

  app.delete(
    '/frameworks/:id/nodes/:nodeId',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Delete a leaf node of a draft', params: nodeParams },
    },
    async (req, reply) => {
      await frameworks.deleteNode(db, ctx(req), req.params.id, req.params.nodeId);
      return reply.status(204).send();
    },
  );

  // ---- responsibility matrix -----------------------------------------------------------------------
  app.get(
    '/frameworks/:id/responsibilities',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'The matrix: one row per criterion the caller may see',
        params: fwParams,
        querystring: matrixQuery,
        response: { 200: z.object({ items: z.array(matrixRowSchema) }) },
      },
    },
    async (req) => ({ items: await matrix.listMatrix(db, req.actor!, req.params.id, req.query) }),
  );

  app.put(
    '/frameworks/:id/responsibilities/:nodeId',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Assign the lead and supporting units of one criterion', params: nodeParams, body: responsibilityInput, response: { 200: ok } },
    },
    async (req) => {
      await matrix.assignResponsibility(db, ctx(req), req.params.id, req.params.nodeId, req.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/frameworks/:id/responsibilities/:nodeId',
    {
      config: { permission: 'framework.edit' },
      schema: { tags, summary: 'Remove a criterion’s assignment', params: nodeParams },
    },
    async (req, reply) => {
      await matrix.unassign(db, ctx(req), req.params.id, req.params.nodeId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/frameworks/:id/responsibilities/bulk',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Assign the same units and due date to many criteria',
        params: fwParams,
        body: bulkResponsibilityInput,
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (req) => matrix.bulkAssign(db, ctx(req), req.params.id, req.body),
  );

  app.get(
    '/frameworks/:id/responsibilities/export.xlsx',
    {
      config: { permission: 'framework.view' },
      schema: { tags, summary: 'The matrix as the familiar Excel table (also the import template)', params: fwParams },
    },
    async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentHeader('责任分工.xlsx'))
        .send(await matrix.exportMatrix(db, req.actor!, req.params.id)),
  );

  app.post(
    '/frameworks/:id/responsibilities/import',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Import the matrix from Excel (all or nothing); 422 lists bad rows/columns and links an error report',
        params: fwParams,
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (req) => {
      const { buffer } = await fileOf(req);
      return matrix.importMatrix(fdeps, ctx(req), req.params.id, buffer);
    },
  );

  app.get(
    '/frameworks/:id/my-responsibilities',
    {
      config: { permission: 'evidence.submit' },
      schema: {
        tags,
        summary: 'Criteria the caller’s units answer for, with their evidence',
        params: fwParams,
        response: { 200: z.object({ items: z.array(myResponsibilitySchema) }) },
      },
    },
    async (req) => ({ items: await evidence.listMyResponsibilities(db, req.actor!, req.params.id) }),
  );

  // ---- evidence ------------------------------------------------------------------------------------
  app.get(
    '/frameworks/:id/evidence',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'Evidence items (newest first) of units in the caller’s scope',
        params: fwParams,
        querystring: evidenceQuery,
        response: { 200: z.object({ items: z.array(evidenceItemSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => evidence.listEvidence(db, req.actor!, req.params.id, req.query),
  );

  app.get(
    '/frameworks/:id/evidence/progress',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'Evidence completeness and overdue slots per lead unit and per area',
        params: fwParams,
        response: { 200: z.object({ asOf: z.string(), total: progressLineSchema, byUnit: z.array(progressLineSchema), byArea: z.array(progressLineSchema) }) },
      },
    },
    async (req) => evidence.evidenceProgress(db, req.actor!, req.params.id),
  );

  app.post(
    '/frameworks/:id/nodes/:nodeId/evidence',
    {
      config: { permission: 'evidence.submit' },
      schema: {
        tags,
        summary: 'Submit a narrative (说明报告) as text',
        params: nodeParams,
        body: narrativeEvidenceInput,
        response: { 201: evidenceItemSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await evidence.submitEvidence(fdeps, ctx(req), req.params.id, req.params.nodeId, { kind: 'narrative', unitId: req.body.unitId, text: req.body.text }),
        ),
  );

  app.post(
    '/frameworks/:id/nodes/:nodeId/evidence/file',
    {
      config: { permission: 'evidence.submit' },
      schema: {
        tags,
        summary: 'Upload a photo, document or table as evidence (safe upload path: sniffed, size-limited, photos re-encoded without EXIF)',
        params: nodeParams,
        querystring: fileEvidenceQuery,
        consumes: ['multipart/form-data'],
        response: { 201: evidenceItemSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await evidence.submitEvidence(fdeps, ctx(req), req.params.id, req.params.nodeId, {
          kind: req.query.kind,
          unitId: req.query.unitId,
          file: () => fileOf(req),
        }),
      ),
  );

  app.post(
    '/frameworks/:id/evidence/:evidenceId/review',
    {
      config: { permission: 'evidence.review' },
      schema: {
        tags,
        summary: 'Accept or return (with a reason) a submitted item',
        params: evidenceParams,
        body: evidenceReviewInput,
        response: { 200: evidenceItemSchema },
      },
    },
    async (req) => evidence.reviewEvidence(db, ctx(req), req.params.id, req.params.evidenceId, req.body),
  );

  // ---- self-assessment -----------------------------------------------------------------------------
  app.get(
    '/frameworks/:id/self-assessments',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'Current self-assessment per visible criterion and the share met / mostly met',
        params: fwParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                nodeId: z.number(),
                code: z.string(),
                name: z.string(),
                areaName: z.string(),
                points: z.string(),
                lead: z.object({ id: z.number(), name: z.string() }).nullable(),
                current: selfAssessmentSchema.nullable(),
                canEnter: z.boolean(),
              }),
            ),
            summary: selfAssessmentSummarySchema,
          }),
        },
      },
    },
    async (req) => selfAssessment.listSelfAssessments(db, req.actor!, req.params.id),
  );

  app.put(
    '/frameworks/:id/self-assessments/:nodeId',
    {
      config: { permission: 'selfAssessment.enter' },
      schema: {
        tags,
        summary: 'Set a criterion’s status with a note (office; or the lead unit’s manager)',
        params: nodeParams,
        body: selfAssessmentInput,
        response: { 200: ok },
      },
    },
    async (req) => {
      await selfAssessment.setSelfAssessment(db, ctx(req), req.params.id, req.params.nodeId, req.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/frameworks/:id/self-assessments/:nodeId/history',
    {
      config: { permission: 'framework.view' },
      schema: {
        tags,
        summary: 'Every status change of a criterion, oldest first',
        params: nodeParams,
        response: { 200: z.object({ items: z.array(selfAssessmentEventSchema) }) },
      },
    },
    async (req) => ({ items: await selfAssessment.selfAssessmentHistory(db, req.actor!, req.params.id, req.params.nodeId) }),
  );

  // ---- score ---------------------------------------------------------------------------------------
  app.get(
    '/frameworks/:id/score',
    {
      config: { permission: 'score.view' },
      schema: { tags, summary: 'Projected score per criterion, item, indicator, area and total', params: fwParams, response: { 200: scoreResponseSchema } },
    },
    async (req) => score.scoreResponse(await score.computeScore(db, req.params.id)),
  );

  app.get(
    '/frameworks/:id/score/gaps',
    {
      config: { permission: 'score.view' },
      schema: {
        tags,
        summary: 'Criteria losing points, most lost first',
        params: fwParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(5000).optional() }),
        response: { 200: z.object({ items: z.array(gapSchema) }) },
      },
    },
    async (req) => ({ items: score.gaps(await score.computeScore(db, req.params.id), req.query.limit) }),
  );

  app.get(
    '/frameworks/:id/score/point-loss',
    {
      config: { permission: 'score.view' },
      schema: {
        tags,
        summary: 'Point-loss attribution (谁丢分谁负责): units ranked by points lost',
        params: fwParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(5000).optional() }),
        response: { 200: pointLossResponseSchema },
      },
    },
    async (req) => score.pointLoss(await score.computeScore(db, req.params.id), req.query.limit),
  );

  app.get(
    '/frameworks/:id/score/summary',
    {
      config: { permission: 'score.view' },
      schema: {
        tags,
        summary: 'The leader’s one page: projected total, areas, top 10 gaps, worst 10 units',
        params: fwParams,
        response: { 200: leaderSummarySchema },
      },
    },
    async (req) => score.leaderSummary(db, req.actor!, req.params.id),
  );

  app.get(
    '/frameworks/:id/score-rules',
    {
      config: { permission: 'score.view' },
      schema: { tags, summary: 'The score rules of a framework', params: fwParams, response: { 200: scoreRulesResponse } },
    },
    async (req) => score.getScoreRules(db, req.params.id),
  );

  app.put(
    '/frameworks/:id/score-rules',
    {
      config: { permission: 'framework.edit' },
      schema: {
        tags,
        summary: 'Change the score rules (status factors, method weights, supporting units’ share)',
        params: fwParams,
        body: scoreRulesBody,
        response: { 200: scoreRulesResponse },
      },
    },
    async (req) => score.setScoreRules(db, ctx(req), req.params.id, req.body),
  );
};
