import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AreaOutline, buildOutline, svgPoint, type Areas } from './AreaOutline';
import { translator } from './i18n';
import { ReportView } from './ReportView';

// Leaflet (PointMap) is the heavy part of the citizens' page: it must load only once the citizen
// touches the county outline.
const square = (lon: number, lat: number, d: number) => [
  [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ],
];
// Two towns side by side, one community inside the first; a point feature and a missing geometry are ignored.
const AREAS: Areas = {
  features: [
    { geometry: { type: 'Polygon', coordinates: square(119.6, 29.9, 0.02) }, properties: { kind: 'town' } },
    { geometry: { type: 'MultiPolygon', coordinates: [square(119.62, 29.9, 0.02)] }, properties: { kind: 'subdistrict' } },
    { geometry: { type: 'Polygon', coordinates: square(119.605, 29.905, 0.005) }, properties: { kind: 'community' } },
    { geometry: { type: 'Point', coordinates: [119.61, 29.91] }, properties: { kind: 'community' } },
    { geometry: null, properties: { kind: 'village' } },
  ],
};
const t = translator('zh-CN');
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

function stubApi() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/public/areas') return json(AREAS);
      if (url === '/api/public/categories') return json({ items: [] });
      return new Response('{}', { status: 404 });
    }),
  );
}
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('buildOutline', () => {
  it('projects the areas into a 360-wide box and back', () => {
    const o = buildOutline(AREAS)!;
    expect(o.width).toBe(360);
    expect(o.paths).toHaveLength(3);
    expect(o.paths.map((p) => p.town)).toEqual([false, true, true]); // towns drawn last, over the communities
    // 0.04° of longitude at 29.9° N is ~0.0347° of latitude wide: the box is ~1.74 times as wide as high (plus padding)
    expect(o.height).toBeGreaterThan(200);
    expect(o.height).toBeLessThan(215);
    const [x, y] = o.project({ lon: 119.6, lat: 29.92 });
    expect(x).toBeCloseTo(6, 5); // top-left corner of the bounding box, inside the padding
    expect(y).toBeCloseTo(6, 5);
    const back = o.unproject(...o.project({ lon: 119.6317, lat: 29.9071 }));
    expect(back.lon).toBeCloseTo(119.6317, 9);
    expect(back.lat).toBeCloseTo(29.9071, 9);
    expect(o.paths[0]!.d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3,4}Z$/);
  });

  it('has nothing to draw without polygons', () => {
    expect(buildOutline({ features: [] })).toBeNull();
    expect(buildOutline({ features: [{ geometry: { type: 'Point', coordinates: [1, 2] } }] })).toBeNull();
  });

  it('maps a tap to SVG coordinates through the letterbox of preserveAspectRatio meet', () => {
    // A 360×180 drawing in a 400×300 element at (10, 20): scale 400/360, 50 px bands above and below.
    const rect = { left: 10, top: 20, width: 400, height: 300 };
    const [x, y] = svgPoint(rect, { width: 360, height: 180 }, 10 + 200, 20 + 150);
    expect(x).toBeCloseTo(180, 6);
    expect(y).toBeCloseTo(90, 6);
    const [, top] = svgPoint(rect, { width: 360, height: 180 }, 10, 20 + 40);
    expect(top).toBeLessThan(0); // in the band: outside the drawing
  });
});

describe("the citizens' report form", () => {
  it('shows the county outline and the chosen point', async () => {
    stubApi();
    const { container } = render(<AreaOutline t={t} value={{ lon: 119.61, lat: 29.91 }} onOpen={() => undefined} />);
    await waitFor(() => expect(container.querySelectorAll('path')).toHaveLength(3));
    expect(screen.getByTestId('public-outline-point')).toBeTruthy();
    expect(screen.getByTestId('public-outline').textContent).toBe('轻触打开地图');
  });

  it('says where a tap landed, in longitude and latitude', async () => {
    stubApi();
    const onOpen = vi.fn();
    const { container } = render(<AreaOutline t={t} value={null} onOpen={onOpen} />);
    await waitFor(() => expect(container.querySelectorAll('path')).toHaveLength(3));
    const o = buildOutline(AREAS)!;
    // The element is drawn at exactly the drawing's size, at the page's origin.
    container.querySelector('svg')!.getBoundingClientRect = () => ({
      left: 0,
      top: 0,
      width: o.width,
      height: o.height,
      x: 0,
      y: 0,
      right: o.width,
      bottom: o.height,
      toJSON: () => ({}),
    });
    const [x, y] = o.project({ lon: 119.63, lat: 29.91 });
    fireEvent.click(screen.getByTestId('public-outline'), { detail: 1, clientX: x, clientY: y });
    const center = onOpen.mock.calls[0]![0] as { lon: number; lat: number };
    expect(center.lon).toBeCloseTo(119.63, 6);
    expect(center.lat).toBeCloseTo(29.91, 6);
  });

  it('renders no Leaflet map until the outline is touched, then the map', async () => {
    stubApi();
    const { container } = render(<ReportView t={t} lang="zh-CN" onTrack={() => undefined} />);
    await waitFor(() => expect(container.querySelectorAll('[data-testid="public-outline"] path')).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 50)); // a lazy map would have started rendering by now
    expect(screen.queryByTestId('public-map')).toBeNull();
    expect(container.querySelector('.leaflet-container')).toBeNull();
    fireEvent.click(screen.getByTestId('public-outline'), { detail: 0 });
    const map = await screen.findByTestId('public-map');
    await waitFor(() => expect(map.classList.contains('leaflet-container')).toBe(true));
    expect(screen.queryByTestId('public-outline')).toBeNull();
  });

  it('opens the map on the whole county from the keyboard', async () => {
    stubApi();
    const onOpen = vi.fn();
    const { container } = render(<AreaOutline t={t} value={null} onOpen={onOpen} />);
    await waitFor(() => expect(container.querySelectorAll('path')).toHaveLength(3));
    fireEvent.click(screen.getByTestId('public-outline'), { detail: 0 });
    expect(onOpen).toHaveBeenCalledWith(null);
  });
});
