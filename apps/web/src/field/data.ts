import type { FieldData } from '@chuangwen/domain/inspections/inspection.schemas';
import { FieldApiError, request } from './api';
import { kvGet, kvSet } from './idb';

// Server data the page works from, cached in IndexedDB so the page opens and works offline.

export type Me = { id: number; name: string; username: string; permissions: string[] };
export type Geo = { type: 'FeatureCollection'; features: { id: number; properties: { name: string; kind: string }; geometry: unknown }[] };

export async function loadMe(): Promise<{ me: Me | null; offline: boolean }> {
  try {
    const me = await request<Me>('GET', '/api/auth/me');
    await kvSet('me', me);
    return { me, offline: false };
  } catch (err) {
    if (err instanceof FieldApiError && err.status === 401) return { me: null, offline: false };
    return { me: (await kvGet<Me>('me')) ?? null, offline: true };
  }
}

export async function login(username: string, password: string): Promise<Me> {
  const res = await request<{ user: Me }>('POST', '/api/auth/login', { username, password });
  await kvSet('me', res.user);
  return res.user;
}

export async function logout() {
  await request('POST', '/api/auth/logout').catch(() => undefined);
  await kvSet('me', null);
}

/** Fresh data when online (then cached); the cached copy otherwise. */
export async function loadFieldData(): Promise<{ data: FieldData | null; fromCache: boolean }> {
  try {
    const data = await request<FieldData>('GET', '/api/inspections/field');
    await kvSet('field', data);
    return { data, fromCache: false };
  } catch (err) {
    if (err instanceof FieldApiError && !err.retryable) throw err;
    return { data: (await kvGet<FieldData>('field')) ?? null, fromCache: true };
  }
}

export async function loadGeo(): Promise<Geo | null> {
  try {
    const geo = await request<Geo>('GET', '/api/units/geojson');
    await kvSet('geo', geo);
    return geo;
  } catch {
    return (await kvGet<Geo>('geo')) ?? null;
  }
}
