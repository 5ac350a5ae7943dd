import type { FastifyReply } from 'fastify';

// GeoReport v2 output in both formats. JSON is the "Spark" mapping of the XML: the root wrapper is
// dropped, repeating containers become arrays (even with one child), empty leaves become null.
// XML: declaration with UTF-8, no namespace, empty element for null, booleans as true/false.

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'text/xml; charset=utf-8';

/** Element names of the children of each repeating container. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/** W3C datetime in UTC with a Z and no fractions (every validator we know accepts this form). */
export const w3c = (d: Date | null | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

/** Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped. */
export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'))
  );
}

function element(name: string, value: unknown, out: string[]) {
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    const child = ITEM_NAMES[name];
    if (!child) throw new Error(`no item element name for container ${name}`);
    out.push(`<${name}>`);
    for (const item of value) element(child, item, out);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) element(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** `root` is the dropped JSON wrapper: an array becomes `<root><item>…`, an object `<root>…`. */
export function toXml(root: string, value: unknown): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element(root, value, out);
  return out.join('');
}

export function sendOpen311(reply: FastifyReply, format: Open311Format, root: string, value: unknown, status = 200) {
  reply.status(status);
  if (format === 'xml') return reply.type(XML_TYPE).send(toXml(root, value));
  return reply.type(JSON_TYPE).send(JSON.stringify(value));
}

/** `requests/SF-2026-000001.json` → id and format; null when the extension is not ours. */
export function splitFormat(file: string): { id: string; format: Open311Format } | null {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return null;
  const format = file.slice(dot + 1);
  return (OPEN311_FORMATS as readonly string[]).includes(format) ? { id: decodeURIComponent(file.slice(0, dot)), format: format as Open311Format } : null;
}

/** The format a URL asks for (for errors raised before a handler ran). */
export function formatOfUrl(url: string): Open311Format {
  return /\.xml(?=[/?]|$)/.test(url.split('?')[0]!) ? 'xml' : 'json';
}
