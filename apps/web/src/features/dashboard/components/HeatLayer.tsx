import { useEffect, useState } from 'react';
import { Circle, useMap } from 'react-leaflet';
import { casesOnMap, type CaseFilter, type CaseMapResponse } from '../../cases/api';

// A light "heat" view: one translucent circle per case (or per server cluster, sized by its
// count); where cases crowd, circles overlap and the colour deepens. No heat-map plugin needed.
export function HeatLayer({ filter, reloadKey }: { filter: CaseFilter; reloadKey: number }) {
  const map = useMap();
  const [data, setData] = useState<CaseMapResponse | null>(null);
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    const controller = new AbortController();
    const b = map.getBounds().pad(0.5);
    casesOnMap(JSON.parse(filterKey) as CaseFilter, { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, controller.signal).then(
      setData,
      () => undefined,
    );
    return () => controller.abort();
  }, [map, filterKey, reloadKey]);
  if (!data) return null;
  const style = { stroke: false, fillColor: '#f5222d', fillOpacity: 0.18 };
  return (
    <>
      {data.points.map((p) => (
        <Circle key={`p${p.id}`} center={[p.lat, p.lon]} radius={350} pathOptions={style} />
      ))}
      {data.clusters.map((c) => (
        <Circle key={`c${c.lon},${c.lat}`} center={[c.lat, c.lon]} radius={300 * Math.sqrt(c.count)} pathOptions={style} />
      ))}
    </>
  );
}
