import type { Executor } from '../db/db';
import type { RequestContext } from '../auth/actor';
import { auditLog } from './audit.tables';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
};

const SECRET_FIELDS = new Set(['passwordHash', 'password', 'currentPassword', 'newPassword', 'tokenHash']);

/** Drops secrets and turns dates into strings so the trail never stores a hash. */
function clean(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value ?? null, (key, v) => (SECRET_FIELDS.has(key) ? undefined : v)));
}

/** Write one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(exec: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await exec.insert(auditLog).values({
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor ? `${ctx.actor.name} (${ctx.actor.username})` : null,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    unitId: entry.unitId ?? null,
    before: clean(entry.before),
    after: clean(entry.after),
  });
}

/** For system work (seeding, bootstrap) where no person acts. */
export const systemContext: RequestContext = { actor: null, ip: 'system', userAgent: null, locale: 'zh-CN' };
