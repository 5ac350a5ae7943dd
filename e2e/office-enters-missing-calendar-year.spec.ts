import { expect, test } from '@playwright/test';
import { XSS, apiAs, failOnDialog, logIn, uniqueSuffix } from './support';

// A deadline falls in a year whose holiday notice is not entered (computed as plain weekdays): the
// dashboard warns, the office follows the warning to the working calendar, enters the notice, and
// the warning for that year goes away.

const YEAR = 2031;

test('the office is warned of a year without a holiday notice and enters it', async ({ page, request }) => {
  failOnDialog(page);
  const inspector = await apiAs(request, 'inspector');
  const created = await inspector.post<{ id: number; version: number }>('/api/cases', {
    source: 'inspection',
    nature: 'incident',
    categoryCode: '01',
    subcategoryCode: '02',
    lon: 119.66,
    lat: 29.96,
    address: `${XSS}示范县府前路9号`,
    description: `${XSS}时限落在${YEAR}年 ${uniqueSuffix()}`,
  });
  const admin = await apiAs(request, 'admin');
  const units = await admin.get<{ items: { id: number; name: string }[] }>(`/api/units?q=${encodeURIComponent('执法')}`);
  const accepted = await admin.post<{ version: number }>(`/api/cases/${created.id}/actions/accept`, { version: created.version });
  await admin.post(`/api/cases/${created.id}/actions/dispatch`, {
    version: accepted.version,
    responsibleUnitId: units.items[0]!.id,
    deadlineAt: `${YEAR}-03-03T09:30:00.000Z`,
  });

  await logIn(page, 'admin');
  await page.getByTestId('menu-dashboard').click();
  const banner = page.getByTestId('calendar-missing-banner');
  await expect(banner).toContainText(`${YEAR}年：1件在办问题的时限落在该年`);
  await banner.getByRole('link', { name: '前往工作日历' }).click();

  await expect(page.getByTestId('calendar-page')).toBeVisible();
  await expect(page.getByTestId('calendar-missing-banner')).toContainText(`${YEAR}`);
  await expect(page.getByRole('row', { name: new RegExp(`${YEAR}.*未录入`) })).toBeVisible();

  await page.getByLabel('年份').fill(String(YEAR));
  await page.getByRole('button', { name: /读\s*取/ }).click();
  const editor = page.getByRole('textbox', { name: /通知内容/ });
  await expect(editor).toHaveValue(/元旦/);
  await editor.fill(
    JSON.stringify({ notice: `国务院办公厅关于${YEAR}年部分节假日安排的通知`, periods: [{ name: '元旦', daysOff: [`${YEAR}-01-01`], makeUpWorkdays: [] }] }),
  );
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`${YEAR}.*已录入`) })).toBeVisible();
  await expect(page.getByTestId('calendar-missing-banner').filter({ hasText: `${YEAR}年` })).toHaveCount(0);
});
