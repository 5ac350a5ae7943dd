import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import L from 'leaflet';

// Loaded lazily (React.lazy) when the citizen touches the county outline: leaflet is not part of
// the first screen. The base layer is the county's own boundaries (/api/public/areas), so the map
// works with no tile server; a tile layer is added when the deployment configures one (/api/config).

type LonLat = { lon: number; lat: number };
/** `center`: where the outline was tapped; the map opens zoomed there instead of on the whole county. */
type Props = { value: LonLat | null; center?: LonLat | null; onPick?: (lon: number, lat: number) => void; height?: number };

export default function PointMap({ value, center = null, onPick, height = 240 }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const pick = useRef(onPick);
  const start = useRef(center);
  useEffect(() => {
    pick.current = onPick;
  });

  useEffect(() => {
    const focus = start.current;
    const m = L.map(el.current!, { zoomControl: true, attributionControl: false }).setView(focus ? [focus.lat, focus.lon] : [29.91, 119.625], focus ? 14 : 13);
    map.current = m;
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.(Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6));
    let live = true;
    void fetch('/api/config')
      .then((r) => r.json())
      .then((c: { tileUrl: string | null; tileAttribution: string | null }) => {
        if (live && c.tileUrl) L.tileLayer(c.tileUrl, { attribution: c.tileAttribution ?? '' }).addTo(m);
      })
      .catch(() => undefined);
    void fetch('/api/public/areas')
      .then((r) => r.json())
      .then((g: GeoJSON.FeatureCollection) => {
        if (!live) return;
        const layer = L.geoJSON(g, {
          style: (f) => ({
            color: '#8c8c8c',
            weight: f?.properties?.kind === 'town' || f?.properties?.kind === 'subdistrict' ? 2 : 1,
            fillColor: '#f6f3ea',
            fillOpacity: 0.6,
          }),
          onEachFeature: (f, l) => l.bindTooltip(String(f.properties?.name ?? ''), { sticky: true }),
        }).addTo(m);
        if (!marker.current && !focus && layer.getBounds().isValid()) m.fitBounds(layer.getBounds());
      })
      .catch(() => undefined);
    return () => {
      live = false;
      m.remove();
      map.current = null;
      marker.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!value) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    const ll = L.latLng(value.lat, value.lon);
    if (marker.current) marker.current.setLatLng(ll);
    else marker.current = L.circleMarker(ll, { radius: 9, color: '#fff', weight: 3, fillColor: '#c41d2f', fillOpacity: 1 }).addTo(m);
    if (!m.getBounds().contains(ll)) m.setView(ll, Math.max(m.getZoom(), 15));
  }, [value]);

  return <div ref={el} className="pub-map" style={{ height }} data-testid="public-map" />;
}
