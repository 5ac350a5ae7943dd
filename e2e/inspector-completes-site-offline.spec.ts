import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { XSS, apiAs, failOnDialog, logIn, screenshot, uniqueSuffix } from './support';

// The inspector's phone page (/field) on a 390 × 844 viewport: sign in online, then the network is
// cut; the inspector completes a site with a failure, a note and a photo from the "camera"; the
// visit waits in the IndexedDB queue; the network returns, the queue drains, and the office's case
// list shows the case exactly once. The page is also reloaded while offline (service worker).

type Case = { id: number; number: string; description: string; source: string; siteId: number | null };

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('inspector completes a site offline; the case appears once in the office', async ({ page, browser, request }) => {
    failOnDialog(page);
    const token = `井盖缺失-${uniqueSuffix()}`;
    // A 12-megapixel-like photo (4000 × 3000): the phone must shrink it to ≤ 1600 px before upload.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 180, g: 90, b: 40 } } })
      .jpeg({ quality: 70 })
      .toBuffer();

    await page.goto('/field');
    await page.getByTestId('field-username').fill('inspector');
    await page.getByTestId('field-password').fill('chuangwen2026');
    await page.getByTestId('field-login-submit').click();
    await expect(page.getByTestId('site-list')).toBeVisible();
    await expect(page.getByTestId('queue-count')).toHaveAttribute('data-pending', '0');
    // The service worker is active and holds the app shell before the network goes away.
    // (A string: the e2e project has no DOM typings.)
    await page.waitForFunction(
      `(async () => {
    await navigator.serviceWorker.ready;
    const keys = (await (await caches.open('cw-field-v1')).keys()).map((r) => new URL(r.url).pathname);
    return keys.includes('/field') && keys.some((k) => k.startsWith('/assets/'));
  })()`,
      undefined,
      { timeout: 20_000 },
    );
    await screenshot(page, 'field-01-sites-inspector-phone');
    await page.getByTestId('tab-map').click();
    await expect(page.locator('.leaflet-interactive').first()).toBeVisible();
    await screenshot(page, 'field-02-map-inspector-phone');
    await page.getByTestId('tab-list').click();

    // ---- offline --------------------------------------------------------------------------------------
    await page.context().setOffline(true);
    await page.reload(); // the shell comes from the service worker, the team's data from IndexedDB
    await expect(page.getByTestId('site-list')).toBeVisible();
    await expect(page.getByTestId('network-state')).toHaveText('离线');

    const pending = page.locator('[data-testid^="site-status-"]', { hasText: '待检查' }).first();
    const assignmentId = Number((await pending.getAttribute('data-testid'))!.replace('site-status-', ''));
    await page.getByTestId(`site-${assignmentId}`).click();
    await expect(page.getByTestId('site-screen')).toBeVisible();
    const firstItem = page.locator('[data-testid^="item-"]').first();
    const itemId = (await firstItem.getAttribute('data-testid'))!.replace('item-', '');
    await page.getByTestId(`result-${itemId}-fail`).click();
    await page.getByTestId(`note-${itemId}`).fill(`${token} ${XSS}`);
    await page.getByTestId(`photo-${itemId}`).setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect(page.locator(`[data-testid="item-${itemId}"] .photos img`)).toHaveCount(1);
    const rest = page.getByTestId('mark-rest-pass');
    if (await rest.isVisible()) await rest.click(); // the other items of this site pass
    await screenshot(page, 'field-03-site-failure-offline-phone');
    await page.getByTestId('save-visit').click();

    await expect(page.getByTestId('site-list')).toBeVisible();
    await expect(page.getByTestId('queue-count')).toHaveAttribute('data-pending', '2'); // the photo and the visit
    await expect(page.getByTestId(`site-status-${assignmentId}`)).toHaveText('待同步');
    await screenshot(page, 'field-04-queued-offline-phone');

    // ---- back online: the queue drains by itself --------------------------------------------------------
    await page.context().setOffline(false);
    await expect(page.getByTestId('queue-count')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(page.getByTestId(`site-status-${assignmentId}`)).toContainText('已检查');
    await screenshot(page, 'field-05-synced-phone');

    // Exactly one case for the failure, from the inspection, at the site; the photo arrived ≤ 1600 px.
    const admin = await apiAs(request, 'admin');
    const found = await admin.get<{ items: Case[] }>(`/api/cases?q=${encodeURIComponent(token)}`);
    expect(found.items).toHaveLength(1);
    const made = found.items[0]!;
    expect(made.source).toBe('inspection');
    const detail = await admin.get<{ siteId: number; photos: { before: { url: string }[] } }>(`/api/cases/${made.id}`);
    expect(detail.photos.before).toHaveLength(1);
    const image = await request.get(detail.photos.before[0]!.url);
    const meta = await sharp(await image.body()).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(1600);

    // The office app's case list shows it once (text escaped, not executed).
    const office = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const desk = await office.newPage();
    failOnDialog(desk);
    await logIn(desk, 'admin');
    await desk.goto('/cases');
    await expect(desk.getByTestId('page-cases')).toBeVisible();
    await desk.getByTestId('case-filter-q').locator('input').fill(token);
    await desk.getByTestId('case-filter-q').locator('input').press('Enter');
    await expect(desk.getByTestId('case-row-description')).toHaveCount(1);
    await expect(desk.getByTestId('case-row-description')).toContainText(XSS);
    await screenshot(desk, 'field-06-case-once-in-office');

    // The round (now in progress) counts the visit and compares it with the previous round.
    await desk.goto('/inspections/rounds');
    await expect(desk.getByTestId('page-rounds')).toBeVisible();
    await desk.getByTestId('round-list').getByRole('link', { name: /第2次/ }).click();
    await expect(desk.getByTestId('round-summary')).toContainText('本轮督查点位1个，发现问题1项');
    await expect(desk.getByTestId('page-round')).toContainText('对比上一轮');
    await screenshot(desk, 'inspections-round-in-progress-admin');
    await office.close();
  });
});

test.describe('at the office', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('office reads a finished round’s results and downloads a notice', async ({ page }) => {
    failOnDialog(page);
    await logIn(page, 'admin');
    await page.goto('/inspections/rounds');
    await page.getByTestId('round-list').getByRole('link', { name: /第1次/ }).click();
    await expect(page.getByTestId('round-summary')).toContainText(/本轮督查点位\d+个，发现问题\d+项，已交办\d+项，已整改\d+项，整改率/);
    await expect(page.getByTestId('results-by-type')).toBeVisible();
    await screenshot(page, 'inspections-results-admin');
    await page.getByRole('tab', { name: '抄告单' }).click();
    await page
      .getByTestId('notice-list')
      .getByRole('button', { name: /创文抄告/ })
      .first()
      .click();
    await expect(page.getByTestId('notice-drawer').getByTestId('notice-state')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('notice-download').click();
    expect((await download).suggestedFilename()).toMatch(/创文抄告.*\.docx$/);
    await screenshot(page, 'inspections-notice-admin');
    await page.goto('/inspections/sites');
    await expect(page.getByTestId('site-list')).toBeVisible();
    await screenshot(page, 'inspections-sites-admin');
  });
});
