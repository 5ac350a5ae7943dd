import { z } from 'zod';
import { LOCALES } from '../i18n/labels';
import { phone } from '../users/user.schemas';

/** The signed-in user as GET /api/auth/me returns it: identity, permissions and grants. */
export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  locale: z.enum(LOCALES),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  grants: z.array(z.object({ roleCode: z.string(), roleName: z.string().nullable(), unitId: z.number(), unitName: z.string() })),
  /**
   * The server's scope rule, computed so the browser never re-derives it: `officeLevel` — works at
   * office level (the jurisdiction-wide case list, map and metrics); `wholeJurisdiction` — the
   * permissions held on a whole jurisdiction (a grant on the top of the tree or on a unit with its
   * own civilization office).
   */
  scope: z.object({ officeLevel: z.boolean(), wholeJurisdiction: z.array(z.string()) }),
});
export type Me = z.infer<typeof meSchema>;

export const profileInput = z.strictObject({
  name: z.string().trim().min(1).max(50).optional(),
  phone: phone.nullish(),
  locale: z.enum(LOCALES).optional(),
});
export type ProfileInput = z.input<typeof profileInput>;
