import { expect, test } from '@playwright/test';
import { DEMO_MENUS, XSS, failOnDialog, logIn, logOut, menuKeys, pickOption, pickTreeNode, screenshot, uniqueSuffix } from './support';

test('office admin creates a unit and a user with a grant, and the user logs in', async ({ page }) => {
  failOnDialog(page);
  const suffix = uniqueSuffix();
  const unitName = `${XSS}测试镇${suffix}`;
  const unitCode = `E2E${suffix}`.toUpperCase();
  const username = `e2e.${suffix}`;
  const personName = `${XSS}张三${suffix}`;

  await logIn(page, 'admin');
  await page.getByTestId('menu-units').click();
  await expect(page.getByTestId('page-units')).toBeVisible();
  await expect(page.getByTestId('unit-tree')).toBeVisible();
  await screenshot(page, 'units-admin-desktop');

  // Create a town under the county.
  await page.getByTestId('unit-node-339901').click();
  await expect(page.getByTestId('unit-detail-name')).toHaveText('示范县');
  await page.getByTestId('unit-create-child').click();
  await pickOption(page, 'unit-form-kind', '镇');
  await page.getByTestId('unit-form-name').fill(unitName);
  await page.getByTestId('unit-form-code').fill(unitCode);
  await page.getByTestId('unit-form-geometry').fill('{"type":"Polygon","coordinates":[[1,2]]}');
  await page.getByTestId('unit-form-submit').click();
  await expect(page.getByText('不是有效的 Polygon')).toBeVisible();
  await page.getByTestId('unit-form-geometry').fill('{"type":"Polygon","coordinates":[[[119.6,29.9],[119.61,29.9],[119.61,29.91],[119.6,29.9]]]}');
  await screenshot(page, 'unit-form-admin');
  await page.getByTestId('unit-form-submit').click();

  // The new unit is selected, its name shown as text (markup included, nothing executed).
  await expect(page.getByTestId('unit-detail-name')).toHaveText(unitName);
  await expect(page.getByTestId(`unit-node-${unitCode}`)).toContainText(unitName);
  await screenshot(page, 'unit-created-admin');

  // Create a user in that unit with a handler grant on it.
  await page.getByTestId('menu-users').click();
  await expect(page.getByTestId('page-users')).toBeVisible();
  await expect(page.getByTestId('user-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await screenshot(page, 'users-admin-desktop');
  await page.getByTestId('user-create').click();
  await page.getByTestId('user-form-username').fill(username);
  await page.getByTestId('user-form-name').fill(personName);
  await page.getByTestId('user-form-phone').fill('13900000000');
  await pickTreeNode(page, 'user-form-unit', `测试镇${suffix}`);
  await page.getByTestId('user-form-password').fill('weak');
  await page.getByTestId('grant-add').click();
  await pickOption(page, 'grant-role-0', '经办人');
  await pickTreeNode(page, 'grant-unit-0', `测试镇${suffix}`);
  await page.getByTestId('user-form-submit').click();
  await expect(page.getByText('密码至少 8 位')).toBeVisible(); // the domain password policy, client side
  await page.getByTestId('user-form-password').fill('Start2026go');
  await screenshot(page, 'user-form-admin');
  await page.getByTestId('user-form-submit').click();
  await expect(page.getByTestId('user-form')).toBeHidden();

  await page.getByTestId('user-search').locator('input').fill(username);
  await page.getByTestId('user-search').locator('input').press('Enter');
  await expect(page.getByTestId('user-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('user-row-name')).toHaveText(personName);
  await logOut(page);

  // The new user must change the initial password first, then sees a handler's menu.
  await logIn(page, username, 'Start2026go');
  await expect(page.getByTestId('page-profile')).toBeVisible();
  await expect(page.getByTestId('must-change-password')).toBeVisible();
  await expect(page.getByTestId('header-user')).toContainText(personName);
  await screenshot(page, 'must-change-password');
  await page.getByTestId('password-current').fill('Start2026go');
  await page.getByTestId('password-new').fill('Changed2026ok');
  await page.getByTestId('password-confirm').fill('Changed2026ok');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('page-home')).toBeVisible();
  // A handler grant on a town gives the same menu as the demo handler's.
  expect(await menuKeys(page)).toEqual(DEMO_MENUS.handler);
  await expect(page.getByTestId('home-role')).toContainText('经办人');
  await expect(page.getByTestId('home-welcome')).toContainText(personName);
  await screenshot(page, 'home-new-user');
  await page.getByTestId('menu-units').click();
  await expect(page.getByTestId(`unit-node-${unitCode}`)).toBeVisible();
  await logOut(page);
});
