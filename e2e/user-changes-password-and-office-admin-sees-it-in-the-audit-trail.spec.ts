import { expect, test } from '@playwright/test';
import { XSS, apiAs, failOnDialog, logIn, logOut, screenshot, uniqueSuffix } from './support';

test('a user changes the password and the office admin finds it in the audit trail', async ({ page, request }) => {
  failOnDialog(page);
  const suffix = uniqueSuffix();
  const username = `pw.${suffix}`;
  const name = `${XSS}李四${suffix}`;

  // Arrange through the API: a user in the office unit, with the admin's session.
  const admin = await apiAs(request, 'admin');
  const me = await admin.get<{ unitId: number }>('/api/auth/me');
  await admin.post('/api/users', { username, name, unitId: me.unitId, password: 'First2026pass', grants: [] });

  await logIn(page, username, 'First2026pass');
  await expect(page.getByTestId('page-profile')).toBeVisible();
  // Wrong current password: shown on the field.
  await page.getByTestId('password-current').fill('Wrong2026pass');
  await page.getByTestId('password-new').fill('Second2026pass');
  await page.getByTestId('password-confirm').fill('Second2026pass');
  await page.getByTestId('password-submit').click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible();
  await page.getByTestId('password-current').fill('First2026pass');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('page-home')).toBeVisible();
  await logOut(page);

  // The old password no longer works; the new one does.
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('First2026pass');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await logIn(page, username, 'Second2026pass');
  await expect(page.getByTestId('page-home')).toBeVisible();
  await logOut(page);

  // The office admin sees the change, and the user's name stays text.
  await logIn(page, 'admin');
  await page.getByTestId('menu-audit').click();
  await expect(page.getByTestId('page-audit')).toBeVisible();
  await expect(page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await screenshot(page, 'audit-admin-desktop');
  await page.getByTestId('audit-search').locator('input').fill(suffix);
  await page.getByTestId('audit-search').locator('input').press('Enter');
  const changed = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').filter({ hasText: '修改密码' });
  await expect(changed.first()).toBeVisible();
  await expect(changed.first()).toContainText(name);

  // The creation entry carries the name in its "after" JSON: expanded, it is shown as text.
  const created = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').filter({ hasText: '新建用户' }).first();
  await created.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('audit-after').first()).toContainText(XSS);
  await screenshot(page, 'audit-expanded');
  expect(await page.locator('script:text("alert(1)")').count()).toBe(0);
});
