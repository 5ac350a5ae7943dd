import { expect, test } from '@playwright/test';
import { DEMO_MENUS, failOnDialog, logIn, logOut, menuKeys, screenshot, type DemoUsername } from './support';

const EXPECTED = DEMO_MENUS;

for (const [username, expected] of Object.entries(EXPECTED) as [DemoUsername, string[]][]) {
  test(`${username} logs in and sees exactly their menu`, async ({ page }) => {
    failOnDialog(page);
    await logIn(page, username);
    await expect(page.getByTestId('page-home')).toBeVisible();
    await expect(page.getByTestId('main-menu')).toBeVisible();
    expect(await menuKeys(page)).toEqual(expected);
    await expect(page.getByTestId('home-role').first()).toBeVisible();
    await screenshot(page, `home-${username}-desktop`);

    // A page the menu hides is not reachable by URL either.
    if (!expected.includes('audit')) {
      await page.goto('/audit');
      await expect(page.getByTestId('page-home')).toBeVisible();
    }
    await logOut(page);
  });
}

test('a grid worker on a phone opens the menu from the hamburger button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, 'grid');
  await expect(page.getByTestId('main-menu')).toHaveCount(0);
  await screenshot(page, 'home-grid-phone');
  await page.getByTestId('menu-toggle').click();
  await expect(page.getByTestId('main-menu')).toBeVisible();
  expect(await menuKeys(page)).toEqual(EXPECTED.grid);
  await page.waitForTimeout(400); // let the drawer finish sliding in before the screenshot
  await screenshot(page, 'menu-grid-phone');
  await page.getByTestId('menu-units').click();
  await expect(page.getByTestId('page-units')).toBeVisible();
  await expect(page.getByTestId('unit-tree')).toBeVisible();
  await page.waitForTimeout(400);
  await screenshot(page, 'units-grid-phone');
});

test('a wrong password is refused with the server message', async ({ page }) => {
  await page.goto('/login');
  await screenshot(page, 'login-desktop');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('wrong-password-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page.getByTestId('page-login')).toBeVisible();
});

test('the language switch turns the interface into English and back', async ({ page }) => {
  await logIn(page, 'leader');
  await page.getByTestId('language-switch').getByText('EN').click();
  await expect(page.getByTestId('menu-units')).toHaveText('Units');
  await screenshot(page, 'home-leader-english');
  // Saved to the profile: still English after a reload.
  await page.getByTestId('menu-profile').click();
  await expect(page.getByTestId('page-profile')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('menu-units')).toHaveText('Units');
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('menu-units')).toHaveText('单位管理');
});

test('a returning user opens the root URL and gets the app', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('page-login')).toBeVisible();
});
