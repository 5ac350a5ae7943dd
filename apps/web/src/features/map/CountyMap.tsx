import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Layer, LeafletMouseEvent, Map as LeafletMap, PathOptions } from 'leaflet';
import { GeoJSON, MapContainer, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import type { Feature, Geometry } from 'geojson';
import { boundsOf, loadMapConfig, loadUnitsGeoJson, unitStyle, type MapConfig, type UnitFeatureProps, type UnitsGeoJson } from './mapData';

// A leaflet map whose base layer is the county's own polygons, so it works with no internet.
// Imported only by lazily loaded pages: leaflet never enters the first-screen bundle.

export type CountyMapProps = {
  height: number | string;
  /** Centre on this point instead of fitting the whole county. */
  center?: { lon: number; lat: number; zoom?: number };
  /** Only these unit kinds are drawn (default: all). */
  kinds?: readonly string[];
  onMapClick?: (lon: number, lat: number) => void;
  onReady?: (map: LeafletMap) => void;
  children?: ReactNode;
  testId?: string;
};

export function CountyMap({ height, center, kinds, onMapClick, onReady, children, testId }: CountyMapProps) {
  const { t } = useTranslation();
  const [units, setUnits] = useState<UnitsGeoJson | null>(null);
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    loadUnitsGeoJson().then(
      (d) => live && setUnits(d),
      (e: unknown) => live && setError(e),
    );
    void loadMapConfig().then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);

  const data = useMemo(() => {
    if (!units) return null;
    return kinds ? { ...units, features: units.features.filter((f) => kinds.includes(f.properties.kind)) } : units;
  }, [units, kinds]);

  if (error) return <Alert type="warning" showIcon title={t('case.map.noBase')} />;
  if (!data || !config) {
    return (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fafafa' }}>
        <Spin description={t('case.map.loadingBase')} />
      </div>
    );
  }
  const bounds = boundsOf(data);
  return (
    <div style={{ height }} data-testid={testId}>
      <MapContainer
        style={{ height: '100%', width: '100%', background: '#f3f1ec' }}
        preferCanvas
        center={center ? [center.lat, center.lon] : undefined}
        zoom={center ? (center.zoom ?? 15) : undefined}
        bounds={center || !bounds ? undefined : bounds}
        maxZoom={19}
        zoomSnap={0.25}
        boundsOptions={{ padding: [12, 12] }}
        attributionControl={Boolean(config.tileUrl)}
      >
        {config.tileUrl && <TileLayer url={config.tileUrl} attribution={config.tileAttribution ?? undefined} maxZoom={19} />}
        <GeoJSON data={data} style={styleOf} onEachFeature={bindName} />
        {!center && !bounds && <FallbackView />}
        {onMapClick && <ClickHandler onClick={onMapClick} />}
        {onReady && <ReadyHandler onReady={onReady} />}
        {children}
      </MapContainer>
    </div>
  );
}

function styleOf(feature?: Feature<Geometry, UnitFeatureProps>): PathOptions {
  return unitStyle(feature?.properties.kind ?? '');
}

/** The unit's name as a tooltip; a text node, so a name is never read as HTML. */
function bindName(feature: Feature<Geometry, UnitFeatureProps>, layer: Layer) {
  if (feature.properties.kind === 'district') return;
  const label = document.createElement('span');
  label.textContent = feature.properties.name;
  layer.bindTooltip(label, { sticky: true });
}

function FallbackView() {
  const map = useMap();
  useEffect(() => {
    map.setView([30, 120], 10);
  }, [map]);
  return null;
}

function ClickHandler({ onClick }: { onClick: (lon: number, lat: number) => void }) {
  useMapEvents({ click: (e: LeafletMouseEvent) => onClick(e.latlng.lng, e.latlng.lat) });
  return null;
}

function ReadyHandler({ onReady }: { onReady: (map: LeafletMap) => void }) {
  const map = useMap();
  useEffect(() => onReady(map), [map, onReady]);
  return null;
}
