// Unit kinds and which kind may sit under which. 以块为主、条条保证: departments answer by category,
// territorial units (town → community → grid) by place.
export const UNIT_KINDS = ['district', 'office', 'department', 'town', 'subdistrict', 'community', 'village', 'grid'] as const;

export type UnitKind = (typeof UNIT_KINDS)[number];

export const TERRITORIAL_KINDS: readonly UnitKind[] = ['district', 'town', 'subdistrict', 'community', 'village', 'grid'];

/** Allowed parent kinds per kind; an empty list means the kind is a root. */
export const UNIT_PARENT_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  district: [],
  office: ['district'],
  department: ['district', 'department'],
  town: ['district'],
  subdistrict: ['district'],
  community: ['town', 'subdistrict'],
  village: ['town', 'subdistrict'],
  grid: ['community', 'village', 'town', 'subdistrict'],
};

export function canHaveParent(kind: UnitKind, parentKind: UnitKind | null): boolean {
  const allowed = UNIT_PARENT_KINDS[kind];
  return parentKind === null ? allowed.length === 0 : allowed.includes(parentKind);
}

export function isTerritorial(kind: UnitKind): boolean {
  return TERRITORIAL_KINDS.includes(kind);
}
