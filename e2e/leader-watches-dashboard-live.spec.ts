import { expect, test } from '@playwright/test';
import { XSS, apiAs, failOnDialog, logIn, screenshot, uniqueSuffix } from './support';

// The leader keeps the command dashboard open; an inspector reports a case from another session
// (the API, as the phone page would): it appears in the live ticker and the KPIs move, without a
// reload. Then the same on the 1920×1080 wall screen (?wall=1).

async function reportCase(request: Parameters<typeof apiAs>[0], note: string) {
  const inspector = await apiAs(request, 'inspector');
  return inspector.post<{ id: number; number: string }>('/api/cases', {
    source: 'inspection',
    nature: 'incident',
    categoryCode: '01',
    subcategoryCode: '02',
    lon: 119.66,
    lat: 29.96,
    address: `${XSS}示范县府前路${note}`,
    description: `${XSS}大屏实时 ${note}`,
  });
}

test('the leader watches new cases arrive live on the dashboard, in both modes', async ({ page, request }) => {
  failOnDialog(page);
  await logIn(page, 'leader');
  await page.getByTestId('menu-dashboard').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('kpi-found')).toBeVisible();
  await expect(page.getByTestId('kpi-rework').locator('.ant-statistic-content-value')).toHaveText(/^(—|\d+\.\d%)$/); // the county's rework rate, one decimal
  await expect(page.getByTestId('chart-trend').locator('canvas')).toBeVisible();
  await expect(page.locator('.leaflet-container canvas, .leaflet-container path').first()).toBeAttached(); // markers drawn
  await expect(page.getByTestId('live-status')).toContainText('已连接');
  await expect(page.getByTestId('insp-sentence')).toContainText('本轮督查点位'); // the latest inspection round's results
  const before = Number((await page.getByTestId('kpi-found').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));

  const created = await reportCase(request, uniqueSuffix());
  await expect(page.getByTestId('live-ticker')).toContainText(created.number, { timeout: 5_000 });
  await expect(page.getByTestId('live-ticker')).toContainText(XSS); // shown as text, never run
  await expect(page.getByTestId('kpi-found').locator('.ant-statistic-content-value')).toHaveText(String(before + 1), { timeout: 5_000 });
  await screenshot(page, 'dashboard-normal');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/dashboard?wall=1');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('chart-ranking').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('live-status')).toContainText('已连接');
  const second = await reportCase(request, uniqueSuffix());
  await expect(page.getByTestId('live-ticker')).toContainText(second.number, { timeout: 5_000 });
  await page.waitForTimeout(800); // charts finish their animation
  await page.screenshot({ path: 'e2e/screenshots/dashboard-wall.png' });
});

test('the office opens the red and black lists, the work summary draft and publishes a bulletin', async ({ page }) => {
  failOnDialog(page);
  await logIn(page, 'admin');
  await page.getByTestId('menu-rankings').click();
  await expect(page.getByTestId('ranking-table')).toBeVisible();
  await expect(page.getByTestId('list-rule')).toContainText('名次并列'); // how ties and small samples are treated
  await screenshot(page, 'rankings');
  await page.getByTestId('menu-workSummary').click();
  await page.getByRole('button', { name: /生成草稿/ }).click();
  await expect(page.getByTestId('summary-draft')).toBeVisible();
  await expect(page.getByTestId('summary-section-inspections')).toContainText('发现问题');
  const download = page.waitForEvent('download');
  await page.getByTestId('summary-download').click();
  expect((await download).suggestedFilename()).toMatch(/\.docx$/);
  await screenshot(page, 'work-summary');

  await page.getByTestId('menu-bulletins').click();
  await page.getByRole('button', { name: /生成通报/ }).click();
  await expect(page.getByTestId('bulletin-drawer')).toBeVisible();
  await expect(page.getByTestId('bulletin-drawer')).toContainText('超期未整改问题');
  await screenshot(page, 'bulletin-draft');
  await page.getByTestId('bulletin-publish').click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('bulletin-publish')).toHaveCount(0);
});
