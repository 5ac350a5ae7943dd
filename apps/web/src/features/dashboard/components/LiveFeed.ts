import { useEffect, useRef, useState } from 'react';
import type { CaseFeedEvent } from '../api';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

/**
 * Subscribes to GET /api/dashboard/events (server-sent events). The browser's EventSource
 * reconnects by itself (the server sends `retry: 3000`); `onEvent` sees each case event once.
 */
export function useCaseFeed(onEvent: (event: CaseFeedEvent) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    const source = new EventSource('/api/dashboard/events', { withCredentials: true });
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus('reconnecting');
    source.addEventListener('case', (e) => {
      try {
        handler.current(JSON.parse((e as MessageEvent<string>).data) as CaseFeedEvent);
      } catch {
        // a malformed event is skipped; the next one still arrives
      }
    });
    return () => source.close();
  }, []);
  return status;
}
