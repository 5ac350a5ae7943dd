import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { sites } from '../sites/site.tables';
import { inspectionTeams } from './inspection.tables';

// Row-level rules of inspections.
// - inspection.view / inspection.plan: rounds are county business; sites and notices are limited
//   to the caller's subtrees (policy.ts inScope on their unit paths).
// - inspection.conduct: an inspector works ONLY the assignments of teams they lead or belong to,
//   and only at sites lying in the towns the team is bound to (default deny: no team, nothing).
//   The query joins assignments → teams → sites; callers use this as their WHERE condition.

export function conductCondition(actor: Actor): SQL {
  if (!actor.permissions.has('inspection.conduct')) return sql`false`;
  return sql`((${inspectionTeams.leaderUserId} = ${actor.userId} or ${actor.userId} = any(${inspectionTeams.memberUserIds}))
    and ${sites.townId} = any(${inspectionTeams.unitIds}))`;
}

/** Teams the actor leads or belongs to. */
export function memberCondition(actor: Actor): SQL {
  return sql`(${inspectionTeams.leaderUserId} = ${actor.userId} or ${actor.userId} = any(${inspectionTeams.memberUserIds}))`;
}
