import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FieldData } from '@chuangwen/domain/inspections/inspection.schemas';
import { loadGeo } from './data';
import { siteTypeLabel, t } from './i18n';

// Loaded lazily (leaflet is not part of the first screen). No tile server: the county's own
// polygons from GET /api/units/geojson (cached for offline use) are the base layer.

type Assignment = FieldData['assignments'][number];
const COLOURS = { pending: '#c41d2f', visited: '#2e7d32' } as const;

export default function MapScreen({ assignments, onOpen }: { assignments: Assignment[]; onOpen: (id: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!ref.current) return;
    // A provisional view first: leaflet's vector renderer needs a centre before any layer is added.
    const map = L.map(ref.current, { zoomControl: true, attributionControl: false }).setView([29.95, 119.75], 11);
    let disposed = false;
    void loadGeo()
      .then((geo) => {
        if (disposed) return;
        let base: L.GeoJSON | null = null;
        if (geo) {
          const towns = geo.features.filter(
            (f) => f.properties.kind === 'town' || f.properties.kind === 'subdistrict' || f.properties.kind === 'community' || f.properties.kind === 'village',
          );
          base = L.geoJSON({ type: 'FeatureCollection', features: towns } as unknown as GeoJSON.FeatureCollection, {
            style: (f) => ({
              color: f?.properties.kind === 'town' || f?.properties.kind === 'subdistrict' ? '#555' : '#bbb',
              weight: f?.properties.kind === 'town' || f?.properties.kind === 'subdistrict' ? 2 : 1,
              fillOpacity: 0.03,
            }),
          }).addTo(map);
        }
        const points = assignments.map((a) =>
          L.circleMarker([a.site.lat, a.site.lon], { radius: 9, color: '#fff', weight: 2, fillColor: COLOURS[a.status], fillOpacity: 0.9 })
            .bindTooltip(`${a.site.name}（${siteTypeLabel(a.site.type)}）`)
            .on('click', () => onOpen(a.id))
            .addTo(map),
        );
        const group = L.featureGroup(points);
        if (points.length) map.fitBounds(group.getBounds().pad(0.2));
        else if (base && base.getLayers().length) map.fitBounds(base.getBounds());
      })
      .finally(() => {
        if (!disposed) setReady(true);
      });
    return () => {
      disposed = true;
      map.remove();
    };
  }, [assignments, onOpen]);
  return (
    <div className="map-wrap">
      {!ready && <p className="muted pad">{t('mapLoading')}</p>}
      <div ref={ref} className="map" data-testid="field-map" />
    </div>
  );
}
