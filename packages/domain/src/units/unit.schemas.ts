import { z } from 'zod';
import { id } from '../common/ids';
import { UNIT_KINDS } from './unit.kinds';

// GeoJSON (RFC 7946) polygons in WGS-84; only what territorial units and grids need.
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
export const polygonGeometry = z.union([
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
export type PolygonGeometry = z.infer<typeof polygonGeometry>;

/** Administrative or internal code: digits, letters and dashes, as offices write them. */
export const unitCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]*$/);

export const unitCreateInput = z.strictObject({
  parentId: id.nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string().trim().min(1).max(100),
  shortName: z.string().trim().max(50).nullish(),
  code: unitCode,
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
  geometry: polygonGeometry.nullish(),
});
export type UnitCreateInput = z.infer<typeof unitCreateInput>;

export const unitUpdateInput = z.strictObject({
  version: z.number().int().min(0),
  parentId: id.nullable().optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  shortName: z.string().trim().max(50).nullish(),
  code: unitCode.optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  geometry: polygonGeometry.nullish(),
  isActive: z.boolean().optional(),
});
export type UnitUpdateInput = z.infer<typeof unitUpdateInput>;

export const unitSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string(),
  path: z.string(),
  depth: z.number(),
  sortOrder: z.number(),
  isActive: z.boolean(),
  hasGeometry: z.boolean(),
  version: z.number(),
});
export type Unit = z.infer<typeof unitSchema>;
