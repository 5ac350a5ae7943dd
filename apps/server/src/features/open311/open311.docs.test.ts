import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config';

// The README is how an office's IT and a client's developer find the API: it must name the root,
// say how a key is issued, and show curl for each step; PUBLIC_URL is documented and read.

const readme = fs.readFileSync(path.resolve(__dirname, '../../../../../README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`### ${title}\n`);
  if (start < 0) return '';
  const rest = readme.slice(start + title.length + 5);
  const end = rest.search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('README: Open311 GeoReport v2', () => {
  const text = section('Open311 GeoReport v2');

  it('names the root and how the office issues a key, in the web app and through the API', () => {
    expect(text, 'no "### Open311 GeoReport v2" section').not.toBe('');
    expect(text).toContain('`/open311/v2/`');
    expect(text).toContain('Open311 接口密钥');
    expect(text).toContain('/citizens/open311-keys');
    expect(text).toMatch(/curl [^\n]*\/api\/auth\/login/);
    expect(text).toMatch(/curl [^\n]*\n?[^\n]*\/api\/open311\/keys/);
  });

  it('shows curl for discovery, services, requests (GET and POST) and servicerequestupdates', () => {
    const curls = text.split('\n').filter((l) => l.trim().startsWith('curl '));
    for (const resource of ['discovery', 'services', 'requests', 'servicerequestupdates']) {
      expect(
        curls.some((l) => l.includes(`/open311/v2/${resource}.`)),
        resource,
      ).toBe(true);
    }
    expect(curls.some((l) => l.includes('-X POST') && l.includes('/open311/v2/requests.json'))).toBe(true);
    expect(text).toContain('api_key=');
  });
});

describe('PUBLIC_URL', () => {
  it('is documented in the configuration table', () => {
    expect(readme).toMatch(/^\| `PUBLIC_URL` \|/m);
  });

  it('is read without a trailing slash; the default is this machine from HOST and PORT', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cw.example.gov.cn/' }).publicUrl).toBe('https://cw.example.gov.cn');
    expect(loadConfig({ PUBLIC_URL: 'https://example.org/cw/' }).publicUrl).toBe('https://example.org/cw');
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080', HOST: '10.0.0.5' }).publicUrl).toBe('http://10.0.0.5:8080');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow();
  });
});
