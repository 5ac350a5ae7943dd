import type { FeatureCollection, Geometry } from 'geojson';
import { api } from '../../lib/api';

// The offline base map: the county's own unit and grid polygons (GET /api/units/geojson). A tile
// URL from GET /api/config is optional decoration on top of that.

export type UnitFeatureProps = { id: number; parentId: number | null; kind: string; name: string; code: string };
export type UnitsGeoJson = FeatureCollection<Geometry, UnitFeatureProps>;
export type MapConfig = { tileUrl: string | null; tileAttribution: string | null };

let unitsPromise: Promise<UnitsGeoJson> | null = null;
let configPromise: Promise<MapConfig> | null = null;

/** Loaded once per page life: the polygons do not change while someone works. */
export function loadUnitsGeoJson(): Promise<UnitsGeoJson> {
  unitsPromise ??= api.get<UnitsGeoJson>('/api/units/geojson').catch((error: unknown) => {
    unitsPromise = null;
    throw error;
  });
  return unitsPromise;
}

export function loadMapConfig(): Promise<MapConfig> {
  configPromise ??= api.get<MapConfig>('/api/config').catch(() => {
    configPromise = null;
    return { tileUrl: null, tileAttribution: null };
  });
  return configPromise;
}

/** [[south, west], [north, east]] of every polygon, or null when there are none. */
export function boundsOf(data: UnitsGeoJson): [[number, number], [number, number]] | null {
  let west = Infinity,
    south = Infinity,
    east = -Infinity,
    north = -Infinity;
  const visit = (coords: unknown): void => {
    if (Array.isArray(coords) && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
      const [x, y] = coords as [number, number];
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    } else if (Array.isArray(coords)) {
      for (const c of coords) visit(c);
    }
  };
  for (const f of data.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(west)
    ? [
        [south, west],
        [north, east],
      ]
    : null;
}

/** Outline style per unit kind: towns bold, communities thin, grids dashed. */
export function unitStyle(kind: string): { color: string; weight: number; fillOpacity: number; dashArray?: string; fillColor: string } {
  switch (kind) {
    case 'district':
      return { color: '#8c1020', weight: 3, fillOpacity: 0, fillColor: '#fff' };
    case 'town':
    case 'subdistrict':
      return { color: '#c41d2f', weight: 2, fillOpacity: 0.04, fillColor: '#c41d2f' };
    case 'grid':
      return { color: '#8c8c8c', weight: 1, fillOpacity: 0, dashArray: '4 4', fillColor: '#fff' };
    default:
      return { color: '#595959', weight: 1.2, fillOpacity: 0.03, fillColor: '#1677ff' };
  }
}
