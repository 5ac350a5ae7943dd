// The one HTTP client of the web app: cookies for the session, X-CSRF-Token on writes,
// Accept-Language for server messages, and every error turned into an ApiError.
import i18n from 'i18next';

export type FieldIssue = { path: string; message: string };
export type ImportIssue = { row: number; column: string; message: string };

/** Error codes of docs/API.md; `network` and `bad_response` are produced here, not by the server. */
export type ApiErrorCode =
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'account_locked'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'import_failed'
  | 'network'
  | 'bad_response'
  | (string & {});

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  /** A failed import's downloadable error report (`import_failed` responses of the framework feature). */
  reportUrl: string | null = null;

  constructor(status: number, code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Validation details as a list of field issues (empty when the error carries none). */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter((d): d is FieldIssue => typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string');
  }

  /** Row/column details of an `import_failed` error. */
  get importIssues(): ImportIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter((d): d is ImportIssue => typeof d === 'object' && d !== null && 'row' in d && 'message' in d);
  }
}

export function isApiError(value: unknown, code?: ApiErrorCode): value is ApiError {
  return value instanceof ApiError && (code === undefined || value.code === code);
}

export const CSRF_COOKIE = 'cw_csrf';

export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export type QueryValue = string | number | boolean | null | undefined;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RequestOptions = {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  /** JSON-serialised unless it is FormData (multipart upload). */
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
};

/** Pure request builder, separate from fetch so tests can check headers and URLs. */
export function buildRequest(
  path: string,
  options: RequestOptions = {},
  env: { language: string; cookies?: string } = { language: i18n.language || 'zh-CN' },
): { url: string; init: RequestInit } {
  const method = options.method ?? 'GET';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  const url = qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;

  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json', 'Accept-Language': env.language };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE, env.cookies);
    if (token) headers['X-CSRF-Token'] = token;
  }
  return { url, init: { method, headers, body, credentials: 'same-origin', signal: options.signal } };
}

/** Maps a non-2xx response to an ApiError, reading the `{error:{code,message,details}}` body. */
export async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON: a proxy error page or an empty body
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' && error.message ? error.message : i18n.t('error.unexpected');
    const apiError = new ApiError(response.status, error.code, message, error.details);
    const reportUrl = (error as { reportUrl?: unknown }).reportUrl;
    if (typeof reportUrl === 'string' && reportUrl.startsWith('/api/')) apiError.reportUrl = reportUrl;
    return apiError;
  }
  return new ApiError(response.status, 'bad_response', i18n.t('error.http', { status: response.status }));
}

type UnauthenticatedListener = () => void;
let onUnauthenticatedListener: UnauthenticatedListener | null = null;

/** The session registers here so any 401 `unauthenticated` sends the user back to the login page. */
export function setUnauthenticatedListener(listener: UnauthenticatedListener | null): void {
  onUnauthenticatedListener = listener;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { url, init } = buildRequest(path, options);
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', i18n.t('error.network'));
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && error.code === 'unauthenticated') onUnauthenticatedListener?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
  upload: <T>(path: string, file: Blob, field = 'file', filename?: string) => {
    const form = new FormData();
    if (filename) form.append(field, file, filename);
    else form.append(field, file);
    return apiRequest<T>(path, { method: 'POST', body: form });
  },
};
