import type { Db } from '../../platform/db/db';
import { seedCalendarYears } from '../calendar/calendar.service';
import { ensureCaseNumberSequence, shanghaiYear } from './case.create';
import { seedCaseCategories } from './case.reference';
import { invalidateReference } from '../units/unit.tree';

/** On every start: the classification and the holiday notices when missing, and this and next year's number sequences. */
export async function seedCaseReferenceData(db: Db) {
  const added = await seedCaseCategories(db);
  await seedCalendarYears(db);
  const year = shanghaiYear(new Date());
  await ensureCaseNumberSequence(db, year);
  await ensureCaseNumberSequence(db, year + 1);
  if (added) invalidateReference(db);
}
