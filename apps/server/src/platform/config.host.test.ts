import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { listenAddresses } from './listen';

// The demo accounts' password is published: a default start must not be reachable from the LAN.
describe('where the server listens', () => {
  it('binds to loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'production' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '192.168.1.20' }).host).toBe('192.168.1.20');
  });

  it('tells which addresses other computers can use', () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: null }],
      eth0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: null },
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', scopeid: 2, cidr: null },
      ],
    } as const;
    const nets = interfaces as unknown as Parameters<typeof listenAddresses>[2];
    expect(listenAddresses('127.0.0.1', 3000, nets)).toEqual({ local: 'http://127.0.0.1:3000', lan: [] });
    expect(listenAddresses('0.0.0.0', 3000, nets)).toEqual({ local: 'http://127.0.0.1:3000', lan: ['http://192.168.1.20:3000'] });
    expect(listenAddresses('192.168.1.20', 8080, nets)).toEqual({ local: 'http://192.168.1.20:8080', lan: ['http://192.168.1.20:8080'] });
  });
});
