import { buildRequest, toApiError } from '../../lib/api';

/** `attachment; filename*=UTF-8''%E9%97%AE…` → the decoded file name. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}

/**
 * Downloads a streamed file (the Excel ledger) while reporting the bytes received, then hands it
 * to the browser as a download. The server streams, so the total is usually unknown.
 */
export async function downloadWithProgress(path: string, fallbackName: string, onProgress: (bytes: number) => void): Promise<string> {
  const { url, init } = buildRequest(path);
  const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Accept: '*/*' } });
  if (!response.ok) throw await toApiError(response);
  const chunks: BlobPart[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received);
    }
  } else {
    chunks.push(await response.blob());
  }
  const blob = new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' });
  const name = filenameFromDisposition(response.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
