import { expect, test, type Page } from '@playwright/test';
import { failOnDialog, logIn, logOut, pickOption, screenshot, uniqueSuffix, XSS } from './support';

// The framework's whole loop: the office imports a framework (a bad file first: the row/column
// table and the error report), publishes it, assigns a criterion to a department; the department's
// handler uploads a photo; the office accepts it and self-assesses; the leader's projected score moves.

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function frameworkDocument(code: string) {
  const criterion = (c: string, parent: string, points: string, extra: object = {}) => ({
    code: c,
    parentCode: parent,
    level: 'criterion',
    name: `${XSS}测评标准 ${c}`,
    points,
    methods: ['materials'],
    requirement: `${XSS}报送制度文件和活动照片`,
    evidence: [{ kind: 'photo', description: '活动照片，注明时间地点', maxCount: 12 }],
    ...extra,
  });
  return {
    format: 'chuangwen.framework',
    formatVersion: 1,
    framework: { code, name: `${XSS}浏览器测试体系`, edition: '2026', totalPoints: '10', pointsAreIllustrative: true },
    nodes: [
      { code: 'A', parentCode: null, level: 'area', name: '政务环境' },
      { code: 'A1', parentCode: 'A', level: 'indicator', name: '政务行为规范' },
      { code: 'A1.1', parentCode: 'A1', level: 'item', name: '窗口服务' },
      criterion('A1.1.1', 'A1.1', '6'),
      criterion('A1.1.2', 'A1.1', '4', { methods: ['site'], siteTypes: ['governmentServiceHall'], isVeto: true }),
    ],
  };
}

async function chooseFile(page: Page, testId: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(testId).click()]);
  await chooser.setFiles(file);
}

async function projectedTotal(page: Page): Promise<number> {
  const text = await page.getByTestId('fw-projected-total').locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

test('office imports a framework, assigns it, a unit uploads evidence, the office reviews, the score updates', async ({ page }) => {
  failOnDialog(page);
  const code = `e2e-${uniqueSuffix()}`;
  const doc = frameworkDocument(code);

  // 1. A bad file shows every problem by row and column, with an Excel error report; nothing is imported.
  await logIn(page, 'admin');
  await page.getByTestId('menu-frameworks').click();
  await expect(page.getByTestId('page-frameworks')).toBeVisible();
  const bad = structuredClone(doc);
  (bad.nodes[4] as { points: string }).points = '四分';
  (bad.nodes[3] as { parentCode: string }).parentCode = 'NOPE';
  await chooseFile(page, 'fw-import-json', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const issues = page.getByTestId('fw-import-issues');
  await expect(issues).toBeVisible();
  await expect(issues).toContainText('parentCode');
  await expect(issues).toContainText('四分');
  await expect(page.getByTestId('fw-error-report')).toHaveAttribute('href', /\/api\/files\//);
  await screenshot(page, 'framework-01-import-errors');
  await page.keyboard.press('Escape');

  // 2. The good file lands as a draft; the tree is searchable; publish.
  await chooseFile(page, 'fw-import-json', { name: 'framework.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByTestId('page-framework-detail')).toBeVisible();
  const frameworkId = Number(page.url().split('/').pop());
  await expect(page.getByTestId('fw-status')).toHaveText('草稿');
  await page.getByTestId('fw-tree-search').locator('input').fill('A1.1.1');
  await page.getByTestId('fw-tree-search').locator('input').press('Enter');
  await page.getByTestId('fw-node-A1.1.1').click();
  await expect(page.getByTestId('fw-node-detail')).toContainText(`${XSS}报送制度文件和活动照片`);
  await page.getByTestId('fw-publish').click();
  await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
  await expect(page.getByTestId('fw-status')).toHaveText('已发布');
  await screenshot(page, 'framework-02-tree');

  // 3. Assign A1.1.1 to the handler's department.
  await page.goto(`/framework/matrix?framework=${frameworkId}`);
  await expect(page.getByTestId('page-framework-matrix')).toBeVisible();
  await page.getByTestId('fw-assign-A1.1.1').click();
  await page.getByTestId('fw-assign-lead').click();
  await page.keyboard.type('综合行政执法');
  await page.keyboard.press('Enter');
  await page.getByTestId('fw-assign-save').click();
  await expect(page.getByTestId('fw-matrix')).toContainText('县综合行政执法局');
  await screenshot(page, 'framework-03-matrix');

  // The leader's projected total before any self-assessment.
  await logOut(page);
  await logIn(page, 'leader');
  await page.goto(`/framework/score?framework=${frameworkId}`);
  await expect(page.getByTestId('page-framework-score')).toBeVisible();
  const before = await projectedTotal(page);

  // 4. The handler uploads a photo for the criterion.
  await logOut(page);
  await logIn(page, 'handler');
  await page.goto(`/framework/mine?framework=${frameworkId}`);
  await expect(page.getByTestId('fw-mine-A1.1.1')).toBeVisible();
  await expect(page.getByTestId('fw-mine-A1.1.2')).toHaveCount(0);
  await chooseFile(page, 'fw-upload-photo-A1.1.1', { name: 'site.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('fw-mine-A1.1.1')).toContainText('待审核');
  await screenshot(page, 'framework-04-my-responsibilities');

  // 5. The office accepts it and self-assesses the criterion as met.
  await logOut(page);
  await logIn(page, 'admin');
  await page.goto(`/framework/review?framework=${frameworkId}`);
  const queue = page.getByTestId('fw-review-queue');
  await expect(queue).toContainText('site.png');
  await queue.locator('button[data-testid^="fw-accept-"]').first().click();
  await expect(queue).not.toContainText('site.png');
  await screenshot(page, 'framework-05-review');
  await page.goto(`/framework/self-assessment?framework=${frameworkId}`);
  await pickOption(page, 'fw-sa-A1.1.1', '达标');
  await expect(page.getByTestId('fw-sa-share')).toContainText('50');

  // 6. The leader's projected score went up by the criterion's 6 points.
  await logOut(page);
  await logIn(page, 'leader');
  await page.goto(`/framework/score?framework=${frameworkId}`);
  await expect(page.getByTestId('fw-top-gaps')).toBeVisible();
  await expect.poll(() => projectedTotal(page)).toBe(before + 6);
  await expect(page.getByTestId('fw-worst-units')).toBeVisible();
  await screenshot(page, 'framework-06-score');
});
