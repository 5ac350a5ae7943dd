import { describe, expect, it } from 'vitest';
import type { MapPoint } from '../cases/api';
import { buildIndex, clusterRadius, markersFor } from './clusters';

const point = (id: number, lon: number, lat: number, isOverdue = false): MapPoint => ({
  id,
  number: `SF-2026-${String(id).padStart(6, '0')}`,
  lon,
  lat,
  state: 'rectifying',
  isOverdue,
});
const box = { west: 119.5, south: 29.8, east: 120, north: 30.2 };

describe('markersFor', () => {
  const points = [point(1, 119.65, 29.95, true), point(2, 119.6501, 29.9501), point(3, 119.85, 30.05)];

  it('clusters nearby points at a low zoom and counts the overdue ones', () => {
    const markers = markersFor({ points, clusters: [] }, buildIndex(points), box, 10);
    const cluster = markers.find((m) => m.kind === 'cluster');
    expect(cluster).toMatchObject({ kind: 'cluster', count: 2, overdue: 1 });
    expect(markers.filter((m) => m.kind === 'point').map((m) => m.kind === 'point' && m.point.id)).toEqual([3]);
  });

  it('shows every point at a high zoom', () => {
    const markers = markersFor({ points, clusters: [] }, buildIndex(points), box, 18);
    expect(markers.every((m) => m.kind === 'point')).toBe(true);
    expect(markers).toHaveLength(3);
  });

  it('leaves points outside the view out', () => {
    const markers = markersFor({ points, clusters: [] }, buildIndex(points), { west: 119.8, south: 30, east: 119.9, north: 30.1 }, 18);
    expect(markers).toHaveLength(1);
  });

  it('passes the server clusters through when it sent those', () => {
    const markers = markersFor({ points: [], clusters: [{ lon: 119.7, lat: 30, count: 1500, overdue: 12 }] }, null, box, 12);
    expect(markers).toEqual([{ kind: 'cluster', key: 's0-119.7-30', lon: 119.7, lat: 30, count: 1500, overdue: 12, clusterId: null }]);
  });

  it('grows cluster markers with the log of the count', () => {
    expect(clusterRadius(1)).toBe(12);
    expect(clusterRadius(10)).toBe(20);
    expect(clusterRadius(1e9)).toBe(30);
  });
});
