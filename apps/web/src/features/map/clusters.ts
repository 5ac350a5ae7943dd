import Supercluster from 'supercluster';
import type { Bbox, MapPoint, ServerCluster } from '../cases/api';

// Case markers on the map: up to 1000 points come from the server and are clustered here with
// supercluster; beyond that the server sends grid clusters, shown as they are.

type PointProps = { point: MapPoint; overdue: number };
type ClusterProps = { overdue: number };

export type MapMarker =
  | { kind: 'point'; key: string; lon: number; lat: number; point: MapPoint }
  | { kind: 'cluster'; key: string; lon: number; lat: number; count: number; overdue: number; clusterId: number | null };

export function buildIndex(points: readonly MapPoint[]): Supercluster<PointProps, ClusterProps> {
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: 60,
    maxZoom: 17,
    map: (props) => ({ overdue: props.overdue }),
    reduce: (acc, props) => {
      acc.overdue += props.overdue;
    },
  });
  index.load(
    points.map((point) => ({
      type: 'Feature' as const,
      properties: { point, overdue: point.isOverdue ? 1 : 0 },
      geometry: { type: 'Point' as const, coordinates: [point.lon, point.lat] },
    })),
  );
  return index;
}

/** Markers of a view: clustered points, or the server's clusters when it sent those. */
export function markersFor(
  data: { points: readonly MapPoint[]; clusters: readonly ServerCluster[] },
  index: Supercluster<PointProps, ClusterProps> | null,
  box: Bbox,
  zoom: number,
): MapMarker[] {
  if (data.clusters.length) {
    return data.clusters.map((c, i) => ({
      kind: 'cluster',
      key: `s${i}-${c.lon}-${c.lat}`,
      lon: c.lon,
      lat: c.lat,
      count: c.count,
      overdue: c.overdue,
      clusterId: null,
    }));
  }
  if (!index) return [];
  return index.getClusters([box.west, box.south, box.east, box.north], Math.round(zoom)).map((f) => {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const props = f.properties as Partial<Supercluster.ClusterProperties> & Partial<PointProps> & ClusterProps;
    if (props.cluster) {
      return {
        kind: 'cluster',
        key: `c${props.cluster_id}`,
        lon,
        lat,
        count: props.point_count ?? 0,
        overdue: props.overdue,
        clusterId: props.cluster_id ?? null,
      };
    }
    const point = props.point!;
    return { kind: 'point', key: `p${point.id}`, lon, lat, point };
  });
}

/** Marker radius in px: grows with the log of the count, bounded. */
export function clusterRadius(count: number): number {
  return Math.min(30, 12 + Math.round(Math.log10(Math.max(1, count)) * 8));
}
