import { deflateSync } from 'node:zlib';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'chuangwen2026';

/** Text fields carry markup so every test also proves that the UI escapes what users typed. */
export const XSS = '<script>alert(1)</script>';

export type DemoUsername = 'admin' | 'leader' | 'inspector' | 'manager' | 'handler' | 'grid';

// Each demo account sees exactly the menu its permissions allow (GET /api/auth/me → menu table).
export const DEMO_MENUS: Record<DemoUsername, string[]> = {
  admin: [
    'home',
    'dashboard',
    'rankings',
    'workSummary',
    'bulletins',
    'caseInbox',
    'caseCreate',
    'cases',
    'caseMap',
    'caseMetrics',
    'citizenQueue',
    'exposures',
    'citizenStats',
    'open311Keys',
    'frameworkScore',
    'frameworkReview',
    'frameworkSelfAssessment',
    'frameworkMatrix',
    'frameworks',
    'rounds',
    'notices',
    'sites',
    'checklists',
    'fieldPage',
    'calendar',
    'units',
    'users',
    'roles',
    'audit',
    'exports',
    'profile',
  ],
  leader: [
    'home',
    'dashboard',
    'rankings',
    'workSummary',
    'bulletins',
    'cases',
    'caseMap',
    'caseMetrics',
    'citizenStats',
    'frameworkScore',
    'frameworks',
    'rounds',
    'notices',
    'sites',
    'checklists',
    'units',
    'users',
    'roles',
    'audit',
    'exports',
    'profile',
  ],
  inspector: ['home', 'caseCreate', 'cases', 'caseMap', 'caseMetrics', 'frameworks', 'fieldPage', 'units', 'profile'],
  manager: [
    'home',
    'bulletins',
    'caseInbox',
    'frameworkMine',
    'frameworkSelfAssessment',
    'frameworks',
    'notices',
    'units',
    'users',
    'roles',
    'exports',
    'profile',
  ],
  handler: ['home', 'bulletins', 'caseInbox', 'frameworkMine', 'frameworks', 'notices', 'units', 'exports', 'profile'],
  grid: ['home', 'caseCreate', 'frameworks', 'units', 'profile'],
};

/** Fails the test if any page script opens a dialog (an executed `alert`). */
export function failOnDialog(page: Page): void {
  page.on('dialog', (dialog) => {
    throw new Error(`Unexpected dialog: ${dialog.message()}`);
  });
}

export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  // Pages load lazily: wait for the first page (or the forced password change) to be drawn.
  await expect(page.locator('[data-testid^="page-"]').first()).toBeVisible();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('page-login')).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** Menu keys visible in the desktop sider, in order. */
export async function menuKeys(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="menu-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  return ids.filter((id) => id !== 'menu-toggle').map((id) => id.replace(/^menu-/, ''));
}

/** An API session for arranging data quickly (sign-in cookie + CSRF header); every call must succeed. */
export async function apiAs(request: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const login = await request.post('/api/auth/login', { data: { username, password } });
  expect(login.ok(), await login.text()).toBeTruthy();
  const csrf = (await request.storageState()).cookies.find((c) => c.name === 'cw_csrf')?.value ?? '';
  const headers = { 'X-CSRF-Token': csrf };
  const ok = async <T>(r: Awaited<ReturnType<APIRequestContext['get']>>) => {
    expect(r.ok(), `${r.url()} → ${r.status()} ${await r.text()}`).toBeTruthy();
    return (await r.json()) as T;
  };
  return {
    get: <T>(path: string) => request.get(path).then((r) => ok<T>(r)),
    post: <T>(path: string, data: unknown = {}) => request.post(path, { data, headers }).then((r) => ok<T>(r)),
    upload: (buffer: Buffer, name = 'photo.png') =>
      request.post('/api/files', { multipart: { file: { name, mimeType: 'image/png', buffer } }, headers }).then((r) => ok<{ id: string }>(r)),
  };
}

/** The unit of the demo handler `handler` (339901-D03). */
export const ENFORCEMENT = '县综合行政执法局';

/** Arranged through the API: a case reported by the inspector, accepted and dispatched by the office to ENFORCEMENT. */
export async function dispatchedCase(request: APIRequestContext, suffix: string) {
  const inspector = await apiAs(request, 'inspector');
  const created = await inspector.post<{ id: number; number: string; version: number }>('/api/cases', {
    source: 'inspection',
    nature: 'incident',
    categoryCode: '01',
    subcategoryCode: '02',
    lon: 119.66,
    lat: 29.96,
    address: `${XSS}示范县府前路8号`,
    description: `${XSS}绿化带内垃圾 ${suffix}`,
  });
  const admin = await apiAs(request, 'admin');
  const units = await admin.get<{ items: { id: number; name: string }[] }>(`/api/units?q=${encodeURIComponent('执法')}`);
  const unitId = units.items.find((u) => u.name === ENFORCEMENT)!.id;
  const accepted = await admin.post<{ version: number }>(`/api/cases/${created.id}/actions/accept`, { version: created.version });
  await admin.post(`/api/cases/${created.id}/actions/dispatch`, { version: accepted.version, responsibleUnitId: unitId });
  return created;
}

export function uniqueSuffix(): string {
  return Date.now().toString(36).slice(-6);
}

// antd dropdowns animate open and closed, and a closed one may linger in the DOM: a pick is retried
// from a known state (search text replaced, not appended) until the field shows the chosen value.
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** Picks `option` (exact label) in the antd Select with `testId`. */
export async function pickOption(page: Page, testId: string, option: string): Promise<void> {
  const field = page.getByTestId(testId);
  const exact = new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await expect(async () => {
    if ((await page.locator(`${OPEN_DROPDOWN}:visible`).count()) === 0) await field.click();
    await page.locator(`${OPEN_DROPDOWN}:visible .ant-select-item-option`).filter({ hasText: exact }).last().click({ timeout: 3_000 });
    await expect(field).toContainText(option, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Picks the tree node whose label contains `name` in the searchable antd TreeSelect `testId`. */
export async function pickTreeNode(page: Page, testId: string, name: string, search = name): Promise<void> {
  const field = page.getByTestId(testId);
  await expect(async () => {
    if ((await page.locator(`${OPEN_DROPDOWN}:visible`).count()) === 0) await field.click();
    await field.locator('input').fill(search);
    await page.locator(`${OPEN_DROPDOWN}:visible .ant-select-tree-node-content-wrapper`).filter({ hasText: name }).first().click({ timeout: 3_000 });
    await expect(field).toContainText(name, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** A small valid PNG (a coloured gradient) generated here, so no fixture file is needed. */
export function makePng(width: number, height: number, seed: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = (x * 255) / width;
      raw[o + 1] = (y * 255) / height;
      raw[o + 2] = seed;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
