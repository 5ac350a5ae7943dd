import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { getJson } from './api';
import type { T } from './i18n';

// The county's towns and communities drawn as a small SVG: the first phone screen shows where the
// point is without Leaflet (48 KiB gz and its CSS). A tap opens the real map (loaded then),
// zoomed to where the tap landed; the point itself is always picked on the real map or by GPS.

type Point = { lon: number; lat: number };
type Ring = number[][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] } | { type: string; coordinates?: unknown };
export type Areas = { features: { geometry: Geometry | null; properties?: { kind?: string } | null }[] };

export type Outline = {
  width: number;
  height: number;
  paths: { d: string; town: boolean }[];
  project: (p: Point) => [number, number];
  unproject: (x: number, y: number) => Point;
};

const WIDTH = 360;
const PAD = 6;

function polygons(g: Geometry | null): Ring[][] {
  if (g?.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g?.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

/** Projects the areas into a WIDTH-wide box (equirectangular, longitudes shrunk by cos(latitude)). */
export function buildOutline(areas: Areas): Outline | null {
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (const f of areas.features) {
    for (const poly of polygons(f.geometry)) {
      for (const [lon, lat] of poly.flat() as [number, number][]) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  if (!(maxLon > minLon && maxLat > minLat)) return null;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 2 * PAD) / ((maxLon - minLon) * k);
  const height = Math.ceil((maxLat - minLat) * scale + 2 * PAD);
  const project = (p: Point): [number, number] => [PAD + (p.lon - minLon) * k * scale, PAD + (maxLat - p.lat) * scale];
  const unproject = (x: number, y: number): Point => ({ lon: minLon + (x - PAD) / (k * scale), lat: maxLat - (y - PAD) / scale });
  const paths = areas.features
    .map((f) => {
      let d = '';
      for (const ring of polygons(f.geometry).flat()) {
        let last = '';
        ring.forEach(([lon, lat], i) => {
          const [x, y] = project({ lon: lon!, lat: lat! });
          const xy = `${x.toFixed(1)},${y.toFixed(1)}`;
          if (xy === last) return; // points closer than a tenth of a pixel add bytes, not shape
          d += `${i === 0 ? 'M' : 'L'}${xy}`;
          last = xy;
        });
        d += 'Z';
      }
      const kind = f.properties?.kind;
      return { d, town: kind === 'town' || kind === 'subdistrict' || kind === 'district' };
    })
    .filter((p) => p.d)
    .sort((a, b) => Number(a.town) - Number(b.town)); // town borders drawn over the communities
  return { width: WIDTH, height, paths, project, unproject };
}

/** The SVG coordinates of a click on an element drawn with preserveAspectRatio="xMidYMid meet". */
export function svgPoint(
  rect: { left: number; top: number; width: number; height: number },
  box: { width: number; height: number },
  clientX: number,
  clientY: number,
) {
  const s = Math.min(rect.width / box.width, rect.height / box.height);
  const ox = (rect.width - box.width * s) / 2;
  const oy = (rect.height - box.height * s) / 2;
  return [(clientX - rect.left - ox) / s, (clientY - rect.top - oy) / s] as const;
}

type Props = { t: T; value: Point | null; height?: number; onOpen: (center: Point | null) => void; onPreload?: () => void };

export function AreaOutline({ t, value, height = 240, onOpen, onPreload }: Props) {
  const [outline, setOutline] = useState<Outline | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    let live = true;
    // The same URL Leaflet asks for later (cached an hour by the browser).
    getJson<Areas>('/api/public/areas').then(
      (g) => live && setOutline(buildOutline(g)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const open = (e: MouseEvent) => {
    // A keyboard press (detail 0) opens the map as it is; a tap also says where to zoom.
    if (!outline || !svg.current || e.detail === 0) return onOpen(null);
    const [x, y] = svgPoint(svg.current.getBoundingClientRect(), outline, e.clientX, e.clientY);
    onOpen(x >= 0 && y >= 0 && x <= outline.width && y <= outline.height ? outline.unproject(x, y) : null);
  };
  const dot = outline && value ? outline.project(value) : null;
  return (
    <button
      type="button"
      className="pub-map pub-outline"
      style={{ height }}
      onPointerDown={onPreload}
      onFocus={onPreload}
      onClick={open}
      data-testid="public-outline"
    >
      {outline && (
        <svg ref={svg} viewBox={`0 0 ${outline.width} ${outline.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
          {outline.paths.map((p, i) => (
            <path key={i} d={p.d} className={p.town ? 'town' : undefined} />
          ))}
          {dot && <circle cx={dot[0]} cy={dot[1]} r={7} className="pub-outline-point" data-testid="public-outline-point" />}
        </svg>
      )}
      <span className="pub-outline-cta">{t('report.mapOpen')}</span>
    </button>
  );
}
