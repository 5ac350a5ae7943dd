import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'chuangwen2026';

/** Text fields carry markup so every test also proves that the UI escapes what users typed. */
export const XSS = '<script>alert(1)</script>';

export type DemoUsername = 'admin' | 'leader' | 'inspector' | 'manager' | 'handler' | 'grid';

// Each demo account sees exactly the menu its permissions allow (GET /api/auth/me → menu table).
export const DEMO_MENUS: Record<DemoUsername, string[]> = {
  admin: ['home', 'dashboard', 'rankings', 'workSummary', 'bulletins', 'caseInbox', 'caseCreate', 'cases', 'caseMap', 'caseMetrics', 'citizenQueue', 'exposures', 'citizenStats', 'open311Keys', 'frameworkScore', 'frameworkReview', 'frameworkSelfAssessment', 'frameworkMatrix', 'frameworks', 'rounds', 'notices', 'sites', 'checklists', 'fieldPage', 'units', 'users', 'audit', 'profile'],
  leader: ['home', 'dashboard', 'rankings', 'bulletins', 'cases', 'caseMap', 'caseMetrics', 'citizenStats', 'frameworkScore', 'frameworks', 'rounds', 'notices', 'sites', 'checklists', 'units', 'users', 'audit', 'profile'],
  inspector: ['home', 'caseCreate', 'cases', 'caseMap', 'caseMetrics', 'frameworks', 'fieldPage', 'units', 'profile'],
  manager: ['home', 'bulletins', 'caseInbox', 'frameworkMine', 'frameworkSelfAssessment', 'frameworks', 'notices', 'units', 'users', 'profile'],
  handler: ['home', 'bulletins', 'caseInbox', 'frameworkMine', 'frameworks', 'notices', 'units', 'profile'],
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
  const ids = await page.locator('[data-testid^="menu-"]').evaluateAll((els) =>
    els.map((el) => el.getAttribute('data-testid') ?? ''),
  );
  return ids.filter((id) => id !== 'menu-toggle').map((id) => id.replace(/^menu-/, ''));
}

/** An API session for arranging data quickly (sign-in cookie + CSRF header). */
export async function apiAs(request: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const response = await request.post('/api/auth/login', { data: { username, password } });
  expect(response.ok(), await response.text()).toBeTruthy();
  const state = await request.storageState();
  const csrf = state.cookies.find((c) => c.name === 'cw_csrf')?.value ?? '';
  const headers = { 'X-CSRF-Token': csrf };
  return {
    get: async <T>(path: string): Promise<T> => {
      const r = await request.get(path);
      expect(r.ok(), await r.text()).toBeTruthy();
      return (await r.json()) as T;
    },
    post: async <T>(path: string, data: unknown): Promise<T> => {
      const r = await request.post(path, { data, headers });
      expect(r.ok(), await r.text()).toBeTruthy();
      return (await r.json()) as T;
    },
  };
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
