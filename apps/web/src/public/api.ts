import type { PublicStage } from '@chuangwen/domain/citizens/citizen.public';

// The citizens' page talks to /api/public only: no session, no CSRF, no antd.

export type Photo = { url: string; thumbUrl: string };
export type Category = { serviceCode: string; nature: string; categoryCode: string; categoryName: string; subcategoryCode: string; subcategoryName: string };
export type PublicReport = {
  trackingCode: string;
  number: string;
  serviceCode: string;
  categoryName: string | null;
  subcategoryName: string | null;
  stage: PublicStage;
  description: string;
  lon: number;
  lat: number;
  submittedAt: string;
  updatedAt: string;
  timeline: { stage: PublicStage; at: string; text: string | null; photos: Photo[] }[];
  afterPhotos: Photo[];
  duplicateOf: { number: string; stage: PublicStage } | null;
};
export type NearbyItem = {
  number: string;
  serviceCode: string;
  categoryName: string | null;
  subcategoryName: string | null;
  stage: PublicStage;
  description: string;
  lon: number;
  lat: number;
  distanceM: number;
  submittedAt: string;
  afterPhoto: Photo | null;
};
export type Exposure = {
  id: number;
  title: string;
  summary: string;
  address: string | null;
  serviceCode: string;
  categoryName: string | null;
  subcategoryName: string | null;
  stage: PublicStage;
  lon: number;
  lat: number;
  publishedAt: string;
  photos: Photo[];
};
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

let language = 'zh-CN';
export const setApiLanguage = (lang: string) => {
  language = lang;
};

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { 'accept-language': language }, signal });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

export async function toError(res: Response): Promise<HttpError> {
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { message?: string; details?: { path: string; message: string }[] } };
    const details = body.error?.details?.map((d) => `${d.path}: ${d.message}`).join('；');
    message = [body.error?.message, details].filter(Boolean).join(' — ') || message;
  } catch {
    // not JSON: keep the status
  }
  const retry = Number(res.headers.get('retry-after'));
  return new HttpError(res.status, message, Number.isFinite(retry) && retry > 0 ? retry : null);
}

export const loadCategories = () => getJson<{ items: Category[] }>('/api/public/categories').then((r) => r.items);
export const lookupReport = (code: string) => getJson<PublicReport>(`/api/public/reports/${encodeURIComponent(code)}`);
export const loadNearby = (lon: number, lat: number, page: number) =>
  getJson<Page<NearbyItem>>(`/api/public/reports?lon=${lon}&lat=${lat}&radius=1000&page=${page}&pageSize=10`);
export const loadExposures = (page: number, category: string | null) =>
  getJson<Page<Exposure> & { categories: { nature: string; categoryCode: string; categoryName: string; count: number }[] }>(
    `/api/public/exposures?page=${page}&pageSize=10${category ? `&${category}` : ''}`,
  );
