import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from './i18n';

// public.html paints a title bar before any script runs; React's first render replaces it with the
// same header, so the two must say the same thing (zh-CN, the page's default language).
describe("the citizens' page shell in public.html", () => {
  it('shows the same title as the app', () => {
    const html = readFileSync(path.resolve(import.meta.dirname, '../../public.html'), 'utf8');
    const shell = /<div id="root">(.*?)<\/div>\s*<script/s.exec(html)?.[1] ?? '';
    expect(shell).toContain('class="pub-header"');
    expect(/<h1>(.*?)<\/h1>/.exec(shell)?.[1]).toBe(translator('zh-CN')('title'));
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP allows none
  });
});
