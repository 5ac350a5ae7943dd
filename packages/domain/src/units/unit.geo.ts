import type { PolygonGeometry } from './unit.schemas';

// Point-in-polygon for routing (块: which territorial unit's polygon contains a case's point).
// Planar even-odd ray casting on WGS-84 lon/lat: fine at county scale, where cells are far smaller
// than the curvature that would matter. A point exactly on an edge counts as inside, so a case on
// the border between two grids still finds a unit (the caller breaks ties by depth and id).

export type LonLat = readonly [lon: number, lat: number];
type Ring = readonly (readonly number[])[];

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  if (Math.abs(cross) > 1e-12) return false;
  return px >= Math.min(ax, bx) - 1e-12 && px <= Math.max(ax, bx) + 1e-12 && py >= Math.min(ay, by) - 1e-12 && py <= Math.max(ay, by) + 1e-12;
}

/** 1 inside, 0 outside, -1 on the boundary. The ring may be closed (first = last) or not. */
export function pointInRing(point: LonLat, ring: Ring): 1 | 0 | -1 {
  const [x, y] = point;
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i]![0]!,
      yi = ring[i]![1]!,
      xj = ring[j]![0]!,
      yj = ring[j]![1]!;
    if (onSegment(x, y, xj, yj, xi, yi)) return -1;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : 0;
}

function inPolygon(point: LonLat, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer) return false;
  if (pointInRing(point, outer) === 0) return false;
  // Inside a hole (not on its edge) is outside the polygon.
  return !holes.some((h) => pointInRing(point, h) === 1);
}

/** Whether a GeoJSON Polygon or MultiPolygon contains the point (boundary included). */
export function geometryContains(geometry: PolygonGeometry, point: LonLat): boolean {
  if (!Number.isFinite(point[0]) || !Number.isFinite(point[1])) return false;
  if (geometry.type === 'Polygon') return inPolygon(point, geometry.coordinates);
  return geometry.coordinates.some((polygon) => inPolygon(point, polygon));
}

/** Bounding box [west, south, east, north] of a geometry, for a cheap pre-check. */
export function geometryBounds(geometry: PolygonGeometry): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return [w, s, e, n];
}

/**
 * The units whose polygon contains the point, smallest first: deepest in the tree, then (for
 * siblings sharing a border) the lowest id. Units without a polygon never match.
 */
export function unitsContaining<U extends { id: number; depth: number; geometry: PolygonGeometry | null }>(units: readonly U[], point: LonLat): U[] {
  return units.filter((u) => u.geometry != null && geometryContains(u.geometry, point)).sort((a, b) => b.depth - a.depth || a.id - b.id);
}
