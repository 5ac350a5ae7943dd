import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../platform/db/db';
import { recordAudit, systemContext } from '../platform/audit/audit.service';
import { hashPassword } from '../platform/auth/passwords';
import { insertUnit, type UnitRow } from '../platform/identity/unit.insert';
import { userGrants, users } from '../platform/identity/user.tables';
import { DEMO_PASSWORD, DEMO_USERS, demoUnits } from './demo-county';
import { seedDemoCases } from './demo-cases';
import type { BlobStore } from '../platform/storage/storage';
import { seedDemoFramework } from './demo-framework';
import { seedDemoInspections } from './demo-inspections';

/** Loads the demo county into an empty database (one transaction: all or nothing). */
export async function seedDemo(db: Db, opts: { store: BlobStore; cases?: boolean }): Promise<{ units: number; users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await db.transaction(async (tx) => {
    const byCode = new Map<string, UnitRow>();
    const list = demoUnits();
    let order = 0;
    for (const u of list) {
      const parent = u.parentCode ? byCode.get(u.parentCode)! : null;
      const row = await insertUnit(tx, {
        parent,
        kind: u.kind,
        name: u.name,
        shortName: u.shortName ?? null,
        code: u.code,
        sortOrder: order++,
        geometry: u.geometry ?? null,
      });
      byCode.set(u.code, row);
    }
    for (const d of DEMO_USERS) {
      const [user] = await tx
        .insert(users)
        .values({
          username: d.username,
          name: d.name,
          phone: d.phone,
          unitId: byCode.get(d.unitCode)!.id,
          passwordHash,
        })
        .returning({ id: users.id });
      await tx.insert(userGrants).values({ userId: user!.id, roleCode: d.role, unitId: byCode.get(d.grantCode)!.id });
    }
    await recordAudit(tx, systemContext, { action: 'system.seedDemo', entityType: 'system', after: { units: list.length, users: DEMO_USERS.length } });
    return { units: list.length, users: DEMO_USERS.length };
  });
  // Cases go through the real workflow funnel (its own transactions), after the county exists.
  if (opts.cases ?? true) await seedDemoCases(db, { store: opts.store });
  await seedDemoFramework(db);
  // Sites always; teams, rounds, visits and notices (through the real services) with the demo history.
  await seedDemoInspections(db, { store: opts.store, history: opts.cases ?? true });
  return seeded;
}

export async function demoUserIds(exec: Executor) {
  const rows = await Promise.all(
    DEMO_USERS.map((d) => exec.select({ id: users.id, hash: users.passwordHash }).from(users).where(eq(users.username, d.username))),
  );
  return rows.flat();
}
