import { eq } from 'drizzle-orm';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { Executor } from '../db/db';
import { units } from './unit.tables';

export type UnitRow = typeof units.$inferSelect;

/** Inserts a unit below `parent`; its materialised path needs the new id, hence the second statement. */
export async function insertUnit(
  exec: Executor,
  values: { parent: UnitRow | null; kind: UnitKind; name: string; shortName: string | null; code: string; sortOrder: number; geometry: UnitRow['geometry'] },
): Promise<UnitRow> {
  const { parent, ...rest } = values;
  const [created] = await exec
    .insert(units)
    .values({ ...rest, parentId: parent?.id ?? null, path: '/', depth: parent ? parent.depth + 1 : 0 })
    .returning({ id: units.id });
  const [row] = await exec
    .update(units)
    .set({ path: `${parent?.path ?? '/'}${created!.id}/` })
    .where(eq(units.id, created!.id))
    .returning();
  return row!;
}
