import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/** Wildcard hosts listen on every interface, so the LAN can reach them. */
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/**
 * What the start-up banner tells people: the address to open on this computer, and the addresses
 * other computers can use (none when bound to loopback, which is the default).
 */
export function listenAddresses(host: string, port: number, interfaces: Interfaces = os.networkInterfaces()) {
  const url = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
  // The bound address itself: `localhost` may resolve to ::1 first, where nothing listens.
  if (isLoopback(host)) return { local: url(host), lan: [] as string[] };
  if (!isWildcard(host)) return { local: url(host), lan: [url(host)] };
  const lan = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && a.family === 'IPv4')
    .map((a) => url(a.address));
  return { local: url(host === '::' ? '::1' : '127.0.0.1'), lan };
}
