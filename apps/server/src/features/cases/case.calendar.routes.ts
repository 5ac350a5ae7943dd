import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/features/feature';
import { calendarStatus } from '../calendar/calendar.service';
import { openDeadlineYears } from './case.service';

// The calendar's status counts open cases per deadline year, so it is served by the cases feature:
// cases build on the calendar, the calendar knows nothing of cases.
export const caseCalendarRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  const { db } = database;
  app.get(
    '/calendar/status',
    {
      config: { permission: 'case.view' },
      schema: {
        tags: ['calendar'],
        summary: 'Years without a holiday notice that deadlines fall into: open cases’ deadlines (in scope) and the next horizonDays; the office enters them',
        response: {
          200: z.object({
            knownYears: z.array(z.number()),
            horizonDays: z.number(),
            missingYears: z.array(z.object({ year: z.number(), openCases: z.number(), inHorizon: z.boolean() })),
          }),
        },
      },
    },
    async (req) => calendarStatus(db, await openDeadlineYears(db, req.actor!)),
  );
};
