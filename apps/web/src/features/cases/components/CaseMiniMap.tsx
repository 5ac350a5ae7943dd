import { CircleMarker } from 'react-leaflet';
import { CountyMap } from '../../map/CountyMap';

/** The case's point on the county's polygons (lazily loaded with leaflet). */
export default function CaseMiniMap({ lon, lat, height = 220 }: { lon: number; lat: number; height?: number }) {
  return (
    <CountyMap height={height} center={{ lon, lat, zoom: 13 }} testId="case-mini-map">
      <CircleMarker center={[lat, lon]} radius={9} pathOptions={{ color: '#fff', weight: 2, fillColor: '#c41d2f', fillOpacity: 0.95 }} />
    </CountyMap>
  );
}
