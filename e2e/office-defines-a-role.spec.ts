import { expect, test } from '@playwright/test';
import { XSS, failOnDialog, logIn, pickOption, screenshot, uniqueSuffix } from './support';

test('office admin defines a role with two permissions and finds it in the grant editor', async ({ page }) => {
  failOnDialog(page);
  const suffix = uniqueSuffix();
  const code = `park${suffix}`;
  const name = `${XSS}公园管护员${suffix}`;
  const permissionBox = (permission: string) => page.locator('label', { has: page.getByTestId(`role-perm-${permission}`) }).locator('input');

  await logIn(page, 'admin');
  await page.getByTestId('menu-roles').click();
  await expect(page.getByTestId('page-roles')).toBeVisible();
  // System roles are named by their label and tagged as such.
  await expect(page.getByTestId('role-name-officeAdmin')).toHaveText('创文办管理员');
  await expect(page.getByTestId('role-system-officeAdmin')).toHaveText('系统');

  await page.getByTestId('role-create').click();
  await expect(page.getByTestId('role-form')).toBeVisible();
  await page.getByTestId('role-form-code').fill(code);
  await page.getByTestId('role-form-name').fill(name);
  // The office does not submit evidence itself, so it cannot put that permission in a role.
  await expect(permissionBox('evidence.submit')).toBeDisabled();
  await page.getByTestId('role-perm-case.view').click();
  await page.getByTestId('role-perm-unit.view').click();
  await expect(permissionBox('case.view')).toBeChecked();
  await expect(permissionBox('unit.view')).toBeChecked();
  await page.getByTestId('role-form-submit').click();
  await expect(page.getByTestId('role-form')).toBeHidden();

  // Listed with its name as text (markup included, nothing executed), two permissions, no grants.
  await expect(page.getByTestId(`role-name-${code}`)).toHaveText(name);
  const row = page.getByTestId('role-table').locator('tr', { has: page.getByTestId(`role-name-${code}`) });
  await expect(row.locator('td').nth(1)).toHaveText(code);
  await expect(row.locator('td').nth(2)).toHaveText('2');
  await expect(row.locator('td').nth(3)).toHaveText('0');
  await screenshot(page, 'roles-page');

  // The grant editor of a user offers the new role by its name.
  await page.getByTestId('menu-users').click();
  await expect(page.getByTestId('page-users')).toBeVisible();
  await page.getByTestId('user-search').locator('input').fill('handler');
  await page.getByTestId('user-search').locator('input').press('Enter');
  await expect(page.getByTestId('user-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await page.getByTestId('user-edit-handler').click();
  await expect(page.getByTestId('user-form')).toBeVisible();
  const rows = await page.locator('[data-testid^="grant-row-"]').count();
  await page.getByTestId('grant-add').click();
  await pickOption(page, `grant-role-${rows}`, name);
  await expect(page.getByTestId(`grant-role-${rows}`)).toContainText(name);
  // Nothing is saved: the drawer is left without changing the user.
  await page
    .getByRole('button', { name: '取 消' })
    .or(page.getByRole('button', { name: '取消' }))
    .first()
    .click();
  await expect(page.getByTestId('user-form')).toBeHidden();
});
