import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarYearSchema, workingPeriodSchema } from '@chuangwen/domain/calendar/working-calendar';
import type { AppDeps } from '../../platform/features/feature';
import { getCalendarYear, putCalendarYear } from './calendar.service';

const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const yearResponse = z.object({
  year: z.number(),
  /** False: no notice entered; deadlines then assume Mon–Fri minus fixed-date holidays (warn the user). */
  known: z.boolean(),
  entry: z.unknown(),
  version: z.number(),
  updatedAt: z.string().nullable(),
  workingHours: z.array(workingPeriodSchema),
});

export const calendarRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  const { db } = database;
  const tags = ['calendar'];

  app.get(
    '/calendar/years/:year',
    {
      config: { permission: 'case.view' },
      schema: { tags, summary: 'A year’s holiday notice (放假调休) as the working calendar uses it', params: yearParams, response: { 200: yearResponse } },
    },
    async (req) => getCalendarYear(db, req.params.year),
  );

  app.put(
    '/calendar/years/:year',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Enter or replace a year’s holiday notice (version 0 when the year is new)',
        params: yearParams,
        body: z.strictObject({ entry: calendarYearSchema, version: z.number().int().min(0) }),
        response: { 200: yearResponse },
      },
    },
    async (req) => putCalendarYear(db, { ...req.ctx, actor: req.actor! }, req.params.year, req.body.entry, req.body.version),
  );
};
