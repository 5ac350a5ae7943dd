import { expect, test } from '@playwright/test';
import { XSS, dispatchedCase, failOnDialog, logIn, screenshot, uniqueSuffix } from './support';

// The office dispatches a case to the enforcement bureau; its handler sees the bell's count, reads
// the sentence naming the case, marks everything read (the badge goes away) and opens the case.

test('a unit’s handler sees the dispatch notification, marks it read and opens the case', async ({ page, request }) => {
  test.setTimeout(120_000);
  failOnDialog(page);
  const suffix = uniqueSuffix();

  // Arranged through the API: reported by the inspector, accepted and dispatched by the office.
  const created = await dispatchedCase(request, suffix);

  // The handler signs in: the bell counts at least this one.
  await logIn(page, 'handler');
  const count = page.getByTestId('notif-count');
  await expect(count).toBeVisible();
  const shown = (await count.textContent()) ?? '';
  expect(shown).toMatch(/^(\d+|99\+)$/);
  expect(shown === '99+' || Number(shown) >= 1).toBe(true);

  // The latest notifications: ours on top, unread, as a sentence with the case number.
  await page.getByTestId('notif-bell').click();
  const item = page.locator('[data-testid^="notif-item-"]').filter({ hasText: created.number });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveText(new RegExp(`问题 ${created.number} 已派遣给本单位，请于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 前整改`));
  await expect(item).toHaveAttribute('data-read', 'false');
  await page.waitForTimeout(300); // the popover's opening animation
  await screenshot(page, 'notifications-bell');

  // Mark all as read: the badge disappears and the item is no longer bold.
  await page.getByTestId('notif-mark-all').click();
  await expect(count).toHaveCount(0);
  await expect(item).toHaveAttribute('data-read', 'true');
  await expect(page.getByTestId('notif-mark-all')).toBeDisabled();

  // The item leads to the case.
  await item.click();
  await expect(page.getByTestId('page-case-detail')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/cases/${created.id}$`));
  await expect(page.getByTestId('case-description')).toHaveText(`${XSS}绿化带内垃圾 ${suffix}`);
  await expect(page.getByTestId('notif-panel')).toHaveCount(0);

  // The read state is the server's: after a reload the badge stays away.
  await page.reload();
  await expect(page.getByTestId('page-case-detail')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(count).toHaveCount(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
});
