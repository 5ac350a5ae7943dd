import { useEffect, useMemo, useRef, useState } from 'react';
import { CircleMarker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { CASE_STATE_DEFINITIONS } from '@chuangwen/domain/cases/case.workflow';
import { casesOnMap, type Bbox, type CaseFilter, type CaseMapResponse, type MapPoint } from '../cases/api';
import { buildIndex, clusterRadius, markersFor } from './clusters';

const EMPTY: CaseMapResponse = { total: 0, points: [], clusters: [] };

export function pointColor(point: Pick<MapPoint, 'state' | 'isOverdue'>): string {
  if (point.isOverdue) return '#cf1322';
  const def = CASE_STATE_DEFINITIONS[point.state];
  if (def.kind === 'terminal') return '#8c8c8c';
  return def.waitingOn === 'office' ? '#1677ff' : '#fa8c16';
}

/**
 * Case markers of the current view: reloads GET /api/cases/map when the view or the filter
 * changes, clusters the points with supercluster, and reports the total in view.
 */
export function CaseMarkers({ filter, onOpen, onTotal }: { filter: CaseFilter; onOpen: (id: number) => void; onTotal?: (total: number) => void }) {
  const map = useMap();
  const [view, setView] = useState(() => ({ box: boxOf(map), zoom: map.getZoom() }));
  const [data, setData] = useState<CaseMapResponse>(EMPTY);
  const [fetchBox, setFetchBox] = useState<Bbox>(() => boxOf(map));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useMapEvents({
    moveend: () => {
      setView({ box: boxOf(map), zoom: map.getZoom() });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setFetchBox(boxOf(map, 0.25)), 250);
    },
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    const controller = new AbortController();
    casesOnMap(JSON.parse(filterKey) as CaseFilter, fetchBox, controller.signal).then(
      (d) => {
        setData(d);
        onTotal?.(d.total);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [filterKey, fetchBox, onTotal]);

  const index = useMemo(() => (data.points.length ? buildIndex(data.points) : null), [data]);
  const markers = useMemo(() => markersFor(data, index, view.box, view.zoom), [data, index, view]);

  return (
    <>
      {markers.map((m) =>
        m.kind === 'point' ? (
          <CircleMarker
            key={m.key}
            center={[m.lat, m.lon]}
            radius={8}
            pathOptions={{ color: '#fff', weight: 2, fillColor: pointColor(m.point), fillOpacity: 0.95 }}
            eventHandlers={{ click: () => onOpen(m.point.id) }}
          >
            <Tooltip>{m.point.number}</Tooltip>
          </CircleMarker>
        ) : (
          <CircleMarker
            key={m.key}
            center={[m.lat, m.lon]}
            radius={clusterRadius(m.count)}
            pathOptions={{ color: '#fff', weight: 2, fillColor: m.overdue > 0 ? '#cf1322' : '#4a5568', fillOpacity: 0.85 }}
            eventHandlers={{
              click: () => {
                const zoom = m.clusterId !== null && index ? index.getClusterExpansionZoom(m.clusterId) : map.getZoom() + 2;
                map.flyTo([m.lat, m.lon], Math.min(zoom, map.getMaxZoom()), { duration: 0.4 });
              },
            }}
          >
            <Tooltip permanent direction="center" className="cw-cluster-label">
              {m.count}
            </Tooltip>
          </CircleMarker>
        ),
      )}
    </>
  );
}

function boxOf(map: ReturnType<typeof useMap>, pad = 0): Bbox {
  const b = pad ? map.getBounds().pad(pad) : map.getBounds();
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  return { west: clamp(b.getWest(), -180, 180), south: clamp(b.getSouth(), -90, 90), east: clamp(b.getEast(), -180, 180), north: clamp(b.getNorth(), -90, 90) };
}
