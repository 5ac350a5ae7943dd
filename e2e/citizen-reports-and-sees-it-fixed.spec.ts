import { expect, test, type Page } from '@playwright/test';
import { XSS, apiAs, failOnDialog, logIn, makePng, screenshot, uniqueSuffix } from './support';

// On a phone: a citizen reports garbage with a photo (and markup in the text), gets a tracking code
// at once; the office accepts it in the moderation queue, dispatches it; the handler rectifies with
// an after-photo; the inspector verifies; the citizen looks the code up and sees "closed" with the
// after-photo. The office publishes the case on the exposure board; the board shows it, markup as text.

test.use({
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  geolocation: { latitude: 29.91, longitude: 119.625 }, // inside 文昌社区, 城关街道
  permissions: ['geolocation'],
});

type CaseJson = { id: number; version: number; state: string };

async function expectNoScriptRan(page: Page) {
  // No inline script element made it into the page (the markup stayed text).
  expect(await page.locator('script:not([src]):not([type])').count()).toBe(0);
}

test('a citizen reports a problem on the phone and sees it fixed; the exposure board shows it', async ({ page, playwright, baseURL }) => {
  test.setTimeout(240_000);
  failOnDialog(page);
  const suffix = uniqueSuffix();
  const description = `${XSS}小区门口垃圾堆积 ${suffix}`;

  // 1. The citizen reports: category, GPS, text with markup, a photo, a phone number.
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (['script', 'stylesheet'].includes(r.resourceType())) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto('/public');
  await expect(page.getByTestId('report-form')).toBeVisible();
  await page.getByTestId('report-category').selectOption('incident-01-02');
  // The first screen draws the county as a small SVG; Leaflet loads only when the map is touched.
  await expect(page.getByTestId('public-outline').locator('path').first()).toBeAttached();
  expect(fetched.filter((u) => /leaflet|PointMap/i.test(u))).toEqual([]);
  await page.getByTestId('public-outline').tap();
  await expect(page.getByTestId('public-map')).toHaveClass(/leaflet-container/);
  await expect(page.getByTestId('public-map').locator('path.leaflet-interactive').first()).toBeAttached(); // the county's polygons
  await page.getByRole('button', { name: '使用当前位置' }).click();
  await expect(page.getByTestId('report-point')).toContainText('29.91000, 119.62500');
  await page.getByTestId('report-description').fill(description);
  await page.getByTestId('report-photo').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: makePng(640, 480, 30) });
  await expect(page.locator('.pub-photos img')).toHaveCount(1);
  await page.getByLabel('手机号').fill('13900001111');
  await screenshot(page, 'citizen-report-form-phone');
  await page.getByTestId('report-submit').click();
  const confirmation = page.getByTestId('report-confirmation');
  await expect(confirmation).toBeVisible();
  const code = ((await page.getByTestId('report-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(page.getByTestId('report-sent')).toBeVisible();
  await expect(page.getByTestId('report-code')).toHaveText(code); // the local code is the server's
  await screenshot(page, 'citizen-report-confirmed-phone');

  // 2. The office accepts it in the moderation queue (phone-sized office app).
  const officePage = await page.context().newPage();
  failOnDialog(officePage);
  await logIn(officePage, 'admin');
  await officePage.goto('/citizens/queue');
  await expect(officePage.getByTestId('page-citizen-queue')).toBeVisible();
  const card = officePage.locator('[data-testid^="citizen-report-"]').filter({ hasText: suffix });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('citizen-description')).toHaveText(description);
  await expect(card).toContainText('13900001111'); // staff see the contact; the public never does
  await screenshot(officePage, 'citizen-queue-admin-phone');
  const number = /SF-\d{4}-\d{6}/.exec((await card.textContent()) ?? '')![0];
  await card.getByTestId(`citizen-accept-${number}`).click();
  await expect(card).toHaveCount(0);
  await officePage.close();

  // 3. Dispatch (office), rectify with an after-photo (handler), verify (inspector) — through the API.
  const contexts = await Promise.all(['admin', 'handler', 'inspector'].map(() => playwright.request.newContext({ baseURL })));
  const [admin, handler, inspector] = await Promise.all([apiAs(contexts[0]!, 'admin'), apiAs(contexts[1]!, 'handler'), apiAs(contexts[2]!, 'inspector')]);
  const found = await admin.get<{ items: CaseJson[] }>(`/api/cases?q=${number}`);
  const accepted = found.items[0]!;
  expect(accepted.state).toBe('accepted');
  const units = await admin.get<{ items: { id: number; code: string }[] }>('/api/units');
  const enforcement = units.items.find((u) => u.code === '339901-D03')!.id;
  const dispatched = await admin.post<CaseJson>(`/api/cases/${accepted.id}/actions/dispatch`, { version: accepted.version, responsibleUnitId: enforcement });
  const after = await handler.upload(makePng(640, 480, 200));
  const fixed = await handler.post<CaseJson>(`/api/cases/${accepted.id}/actions/submitRectification`, {
    version: dispatched.version,
    afterPhotoIds: [after.id],
    note: '内部：已清运',
  });
  const closed = await inspector.post<CaseJson>(`/api/cases/${accepted.id}/actions/verifyPass`, { version: fixed.version });
  expect(closed.state).toBe('closed');

  // 4. The citizen looks the code up: closed, with the after-photo; markup shown as text.
  await page.getByTestId('report-track').click();
  const result = page.getByTestId('track-result');
  await expect(result).toBeVisible();
  await expect(result).toHaveAttribute('data-stage', 'closed');
  await expect(page.getByTestId('track-stage')).toHaveText('已办结');
  await expect(page.getByTestId('track-description')).toHaveText(description);
  await expect(page.getByTestId('track-after-photo')).toHaveCount(1);
  await expect
    .poll(() => page.getByTestId('track-after-photo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(0);
  await expect(result).not.toContainText('内部');
  await expect(result).not.toContainText('13900001111');
  await expectNoScriptRan(page);
  await screenshot(page, 'citizen-sees-closed-with-after-photo-phone');

  // 5. The office redacts the citizen's photo and publishes the case on the exposure board.
  const photos = await admin.get<{ items: { fileId: string; phase: string }[] }>(`/api/citizens/cases/${accepted.id}/photos`);
  const before = photos.items.find((p) => p.phase === 'before')!;
  await admin.post(`/api/citizens/cases/${accepted.id}/photos/${before.fileId}/redact`, { regions: [{ x: 0.3, y: 0.3, w: 0.4, h: 0.4 }], mode: 'blur' });
  const title = `${XSS}曝光：小区门口乱堆垃圾 ${suffix}`;
  await admin.post('/api/exposures', {
    caseId: accepted.id,
    title,
    summary: `${XSS}已责令物业清运并加装分类垃圾桶`,
    address: '文昌社区',
    photoFileIds: [before.fileId],
  });
  await page.getByTestId('public-tab-exposure').click();
  const item = page.getByTestId('exposure-item').filter({ hasText: suffix });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('exposure-title')).toHaveText(title);
  await expect(item.locator('img')).toHaveCount(1);
  await expectNoScriptRan(page);
  await screenshot(page, 'exposure-board-phone');

  // 6. English switch.
  await page.getByTestId('public-lang').click();
  await expect(page.getByTestId('public-tab-exposure')).toHaveText('Exposure');
  await page.getByTestId('public-tab-track').click();
  // "My reports" (kept on the phone) links to the report.
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByTestId('track-result')).toBeVisible();
  await expect(page.getByTestId('track-stage')).toHaveText('Closed');
  await screenshot(page, 'citizen-track-english-phone');
  await Promise.all(contexts.map((c) => c.dispose()));
});
