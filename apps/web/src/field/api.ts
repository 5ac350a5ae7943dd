import { currentLocale } from './i18n';

// The field page's HTTP client: cookies for the session, X-CSRF-Token on writes, the UI language.
// Kept separate from lib/api.ts, which pulls in i18next (the phone's first screen stays small).

export class FieldApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** No answer at all (offline, DNS, reset) or a server/proxy failure: worth retrying later. */
  get retryable() {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

const csrf = () =>
  document.cookie
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith('cw_csrf='))
    ?.slice(8) ?? '';

export async function request<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': currentLocale(), ...headers } };
  if (method !== 'GET') (init.headers as Record<string, string>)['X-CSRF-Token'] = decodeURIComponent(csrf());
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new FieldApiError(0, 'network', 'network');
  }
  if (!res.ok) {
    let code = 'http',
      message = `HTTP ${res.status}`;
    try {
      const e = (await res.json()) as { error?: { code?: string; message?: string } };
      code = e.error?.code ?? code;
      message = e.error?.message ?? message;
    } catch {
      // not JSON
    }
    throw new FieldApiError(res.status, code, message);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}
