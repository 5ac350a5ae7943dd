import { expect, test, type Page } from '@playwright/test';
import { ENFORCEMENT, XSS, apiAs, dispatchedCase, failOnDialog, logIn, logOut, makePng, pickTreeNode, screenshot, uniqueSuffix } from './support';

// The rectification loop through the browser: an inspector reports a case with a photo, the
// office accepts and dispatches it, the handler of the responsible unit rectifies it with an
// after-photo from the "camera", and the inspector verifies it: closed. Then a rework path.

const photo = (name: string, seed: number) => ({ name, mimeType: 'image/png', buffer: makePng(320, 240, seed) });

async function expectState(page: Page, state: string) {
  await expect(page.getByTestId('case-detail').getByTestId('case-state').first()).toHaveAttribute('data-state', state);
}

/** Opens the action's form, lets `fill` fill it, submits and waits for the modal to close. */
async function act(page: Page, action: string, fill?: () => Promise<void>, shot?: string) {
  await page.getByTestId(`case-action-${action}`).click();
  const form = page.getByTestId('case-action-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('case-action-submit')).toBeEnabled();
  if (fill) await fill();
  if (shot) await screenshot(page, shot);
  await page.getByTestId('case-action-submit').click();
  await expect(form).toBeHidden();
}

test('inspector reports a case, the office dispatches it, the handler rectifies it and the inspector closes it', async ({ page }) => {
  test.setTimeout(240_000);
  failOnDialog(page);
  const suffix = uniqueSuffix();
  const description = `${XSS}路边垃圾堆积 ${suffix}`;

  // 1. The inspector reports, with a photo and a point clicked on the offline map.
  await logIn(page, 'inspector');
  await page.getByTestId('menu-caseCreate').click();
  await expect(page.getByTestId('page-case-create')).toBeVisible();
  const map = page.getByTestId('case-create-map');
  await expect(map.locator('.leaflet-container')).toBeVisible();
  await page.getByTestId('case-create-category').click();
  await page.locator('.ant-cascader-menu-item[title="事件"]:visible').click();
  await page.locator('.ant-cascader-menu-item[title="01 市容环境"]:visible').click();
  await page.locator('.ant-cascader-menu-item[title="02 暴露垃圾"]:visible').click();
  await page.getByTestId('case-create-description').fill(description);
  const box = (await map.boundingBox())!;
  // Just off the centre (where four towns meet): inside 城关街道's polygons.
  await map.click({ position: { x: box.width * 0.45, y: box.height * 0.6 } });
  await expect(page.getByTestId('case-create-point')).toContainText('经度');
  await page.getByTestId('case-create-address').fill(`${XSS}示范县城关中山路1号 ${suffix}`);
  await page.getByTestId('case-create-photos-input').setInputFiles(photo('before.png', 40));
  await expect(page.getByTestId('case-create-photos-item')).toHaveCount(1);
  await expect(page.getByTestId('case-routing-responsible')).not.toHaveText('—');
  await screenshot(page, 'case-create-inspector');
  await page.getByTestId('case-create-submit').click();
  const created = page.getByTestId('case-created-number');
  await expect(created).toContainText('SF-');
  const number = /SF-\d{4}-\d{6}/.exec((await created.textContent()) ?? '')![0];
  await page.getByTestId('case-created-view').click();
  await expect(page.getByTestId('page-case-detail')).toBeVisible();
  await expectState(page, 'submitted');
  await expect(page.getByTestId('case-description')).toHaveText(description);
  const caseUrl = page.url();
  await logOut(page);

  // 2. The office finds it in the list, accepts it in the drawer and dispatches it to the
  //    enforcement bureau, overriding the territorial proposal.
  await logIn(page, 'admin');
  await page.getByTestId('menu-cases').click();
  await expect(page.getByTestId('page-cases')).toBeVisible();
  await page.getByTestId('case-filter-q').locator('input').fill(number);
  await page.getByTestId('case-filter-q').locator('input').press('Enter');
  await expect(page.getByTestId('case-row-description')).toHaveCount(1);
  await expect(page.getByTestId('case-row-description')).toHaveText(description);
  await screenshot(page, 'case-list-admin');
  await page.getByTestId('case-row-open').click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  await expect(page.getByTestId('case-photos-before').getByTestId('case-photo')).toHaveCount(1);
  await screenshot(page, 'case-drawer-admin');
  await act(page, 'accept');
  await expectState(page, 'accepted');
  await act(page, 'dispatch', async () => {
    // The proposal (the community of the point) is pre-filled; the office overrides it.
    await expect(page.getByTestId('case-action-form')).toContainText('系统建议');
    await screenshot(page, 'case-dispatch-form-admin');
    await pickTreeNode(page, 'case-field-responsibleUnitId', ENFORCEMENT, ENFORCEMENT.slice(2, 6));
  });
  await expectState(page, 'dispatched');
  await expect(page.getByTestId('case-responsible-unit')).toHaveText(ENFORCEMENT);
  await screenshot(page, 'case-dispatched-drawer-admin');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('case-detail')).toBeHidden();
  await expect(page.getByTestId('case-row-open').filter({ hasText: number })).toBeVisible();
  await logOut(page);

  // 3. The handler of the bureau finds it in the inbox and submits the fix with an after-photo.
  await logIn(page, 'handler');
  await page.getByTestId('menu-caseInbox').click();
  await expect(page.getByTestId('page-case-inbox')).toBeVisible();
  await page.getByTestId('inbox-item').filter({ hasText: number }).click();
  await expect(page.getByTestId('page-case-detail')).toBeVisible();
  await expectState(page, 'dispatched');
  await act(
    page,
    'submitRectification',
    async () => {
      await page.getByTestId('case-field-afterPhotoIds-input').setInputFiles(photo('after.png', 200));
      await expect(page.getByTestId('case-field-afterPhotoIds-item')).toHaveCount(1);
      await page.getByTestId('case-field-note').fill(`${XSS}已清运 ${suffix}`);
    },
    'case-rectify-form-handler',
  );
  await expectState(page, 'awaitingVerification');
  // Only a comment is left to the unit; verification is the office's.
  await expect(page.getByTestId('case-action-submitRectification')).toHaveCount(0);
  await expect(page.getByTestId('case-action-verifyPass')).toHaveCount(0);
  await logOut(page);

  // 4. The inspector verifies on site: closed (销号). Before and after side by side.
  await logIn(page, 'inspector');
  await page.goto(caseUrl);
  await expectState(page, 'awaitingVerification');
  await expect(page.getByTestId('case-photos-after').getByTestId('case-photo')).toHaveCount(1);
  await act(page, 'verifyPass');
  await expectState(page, 'closed');
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline.getByTestId('case-event')).toHaveCount(5);
  await expect(timeline).toContainText(`${XSS}已清运 ${suffix}`);
  await expect(page.locator('.leaflet-container')).toBeVisible();
  await page.waitForTimeout(300);
  await screenshot(page, 'case-closed-inspector');
  expect(await page.locator('script:not([src])').count()).toBe(0);
});

test('a failed verification sends the case back for rework, and the second fix passes', async ({ page, request }) => {
  test.setTimeout(240_000);
  failOnDialog(page);
  const suffix = uniqueSuffix();

  // Arranged through the API: reported, accepted and dispatched to the enforcement bureau.
  const created = await dispatchedCase(request, suffix);

  // The handler works from a phone: the inbox, then the case, then the camera.
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, 'handler');
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('menu-caseInbox').click();
  await expect(page.getByTestId('page-case-inbox')).toBeVisible();
  await expect(page.getByTestId('inbox-item').filter({ hasText: created.number })).toBeVisible();
  await page.waitForTimeout(400);
  await screenshot(page, 'case-inbox-handler-phone');
  await page.getByTestId('inbox-item').filter({ hasText: created.number }).click();
  await expect(page.getByTestId('page-case-detail')).toBeVisible();
  await screenshot(page, 'case-detail-handler-phone');

  // Meanwhile the office urges the case: the handler's page now holds a stale version, so the
  // first submit is refused (409), the page says so and reloads; the second one goes through.
  const admin = await apiAs(request, 'admin');
  const current = await admin.get<{ version: number }>(`/api/cases/${created.id}`);
  await admin.post(`/api/cases/${created.id}/actions/urge`, { version: current.version, note: `${XSS}请尽快处理 ${suffix}` });
  await act(page, 'submitRectification', async () => {
    await page.getByTestId('case-field-afterPhotoIds-input').setInputFiles(photo('after-0.png', 60));
    await expect(page.getByTestId('case-field-afterPhotoIds-item')).toHaveCount(1);
  });
  await expect(page.getByText('其他人已处理该问题，已为您刷新到最新状态')).toBeVisible();
  await expect(page.getByTestId('case-timeline')).toContainText(`${XSS}请尽快处理 ${suffix}`);
  await expectState(page, 'dispatched');
  await act(
    page,
    'submitRectification',
    async () => {
      await page.getByTestId('case-field-afterPhotoIds-input').setInputFiles(photo('after-1.png', 90));
      await expect(page.getByTestId('case-field-afterPhotoIds-item')).toHaveCount(1);
    },
    'case-rectify-form-handler-phone',
  );
  await expectState(page, 'awaitingVerification');
  const caseUrl = page.url();
  await logOut(page);

  // The inspector is not satisfied: rework with a reason.
  await page.setViewportSize({ width: 1440, height: 900 });
  await logIn(page, 'inspector');
  await page.goto(caseUrl);
  await act(
    page,
    'verifyFail',
    async () => {
      await page.getByTestId('case-field-reason').fill(`${XSS}垃圾未清理干净 ${suffix}`);
    },
    'case-verify-fail-form-inspector',
  );
  await expectState(page, 'rectifying');
  await logOut(page);

  // Second fix from the phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, 'handler');
  await page.goto(caseUrl);
  await expectState(page, 'rectifying');
  await expect(page.getByTestId('case-timeline')).toContainText(`${XSS}垃圾未清理干净 ${suffix}`);
  await act(page, 'submitRectification', async () => {
    await page.getByTestId('case-field-afterPhotoIds-input').setInputFiles(photo('after-2.png', 160));
    await expect(page.getByTestId('case-field-afterPhotoIds-item')).toHaveCount(1);
  });
  await expectState(page, 'awaitingVerification');
  await logOut(page);

  await page.setViewportSize({ width: 1440, height: 900 });
  await logIn(page, 'inspector');
  await page.goto(caseUrl);
  await act(page, 'verifyPass');
  await expectState(page, 'closed');
  const events = page.getByTestId('case-timeline').getByTestId('case-event');
  await expect(events.filter({ has: page.locator('[data-action]') })).toHaveCount(0);
  await expect(page.getByTestId('case-timeline').locator('[data-action="verifyFail"]')).toHaveCount(1);
  await expect(page.getByTestId('case-timeline').locator('[data-action="submitRectification"]')).toHaveCount(2);
  await expect(page.getByTestId('case-photos-after').getByTestId('case-photo')).toHaveCount(2);
  await screenshot(page, 'case-reworked-closed-inspector');
});

test('the office sees the cases on the offline map, exports the ledger and reads the unit metrics', async ({ page }) => {
  test.setTimeout(120_000);
  failOnDialog(page);
  await logIn(page, 'admin');
  await page.getByTestId('menu-caseMap').click();
  await expect(page.getByTestId('page-case-map')).toBeVisible();
  await expect(page.getByTestId('case-map-total')).toBeVisible();
  // The base layer is the county's own polygons (no tiles configured): SVG/canvas paths, no <img> tiles.
  await expect(page.locator('.leaflet-tile')).toHaveCount(0);
  await expect(page.locator('.cw-cluster-label').first()).toBeVisible();
  await page.waitForTimeout(500);
  await screenshot(page, 'case-map-admin');

  await page.getByTestId('menu-cases').click();
  await expect(page.getByTestId('case-row-open').first()).toBeVisible();
  const rows = await page.getByTestId('case-row-open').count();
  if (await page.getByTestId('case-load-more').isVisible()) {
    await page.getByTestId('case-load-more').click();
    await expect.poll(() => page.getByTestId('case-row-open').count()).toBeGreaterThan(rows);
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('case-export').click();
  expect((await download).suggestedFilename()).toBe('问题台账.xlsx');

  await page.getByTestId('menu-caseMetrics').click();
  await expect(page.getByTestId('page-case-metrics')).toBeVisible();
  await expect(page.getByTestId('metrics-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await screenshot(page, 'case-metrics-admin');

  // The same pages in English (labels from the domain), then back to Chinese for the other tests.
  await page.getByTestId('language-switch').getByText('EN').click();
  await expect(page.getByTestId('metrics-red-list')).toContainText('Red list');
  await screenshot(page, 'case-metrics-admin-english');
  await page.getByTestId('menu-cases').click();
  await page.getByTestId('case-row-open').first().click();
  await expect(page.getByTestId('case-actions')).toContainText('Actions');
  await page.waitForTimeout(300);
  await screenshot(page, 'case-drawer-admin-english');
  await page.keyboard.press('Escape');
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('menu-cases')).toHaveText('问题列表');
});
