import { expect, test } from '@playwright/test';
import { XSS, failOnDialog, logIn, screenshot } from './support';

// The office rewords its work-summary template (工作总结模板): the live preview fills the new words
// with the period's real figures as they are typed, a wrong placeholder is named before saving, the
// saved version is what the next draft uses, and the history restores the shipped wording.

test('the office edits a section of the work-summary template and sees the preview change', async ({ page }) => {
  failOnDialog(page);
  await logIn(page, 'admin');
  await page.getByTestId('menu-workSummary').click();
  await page.getByTestId('tpl-tab').click();
  await expect(page.getByTestId('tpl-version')).toContainText('第 1 版');
  const preview = page.getByTestId('tpl-preview-overview');
  await expect(preview).toContainText('坚持以创建文明城市统揽城市工作全局');
  // The period's real figure, as the placeholder list shows it.
  const found = (
    await page
      .getByTestId('tpl-placeholders')
      .locator('tr', { has: page.getByTestId('tpl-ph-casesFound') })
      .locator('td')
      .last()
      .innerText()
  ).trim();
  expect(found).toMatch(/^\d+$/);

  const text = page.getByTestId('tpl-text-overview');
  await text.fill(`${XSS}本期共发现问题{casesFound}项，其中超期`);
  await page.getByTestId('tpl-ph-overdueCases').click(); // inserted at the cursor
  await text.press('End');
  await text.pressSequentially('项。');
  await expect(text).toHaveValue(`${XSS}本期共发现问题{casesFound}项，其中超期{overdueCases}项。`);
  await expect(preview).toContainText(`${XSS}本期共发现问题${found}项，其中超期`);
  await expect(preview).not.toContainText('{casesFound}');

  // A misspelt placeholder is named at once and cannot be saved.
  await page.getByTestId('tpl-heading-overview').fill('一、总体情况{casesFund}');
  await expect(page.getByTestId('tpl-issue-sections.0.heading')).toContainText('未知占位符 {casesFund}');
  await expect(page.getByTestId('tpl-save')).toBeDisabled();
  await page.getByTestId('tpl-heading-overview').fill('一、总体情况');
  await expect(page.getByTestId('tpl-invalid')).toHaveCount(0);
  await screenshot(page, 'summary-template-editor');

  await page.getByTestId('tpl-save').click();
  await expect(page.getByTestId('tpl-version')).toContainText('第 2 版');

  // The next draft uses the saved wording with the figures.
  await page.getByRole('tab', { name: /生成与下载/ }).click();
  await page.getByRole('button', { name: /生成草稿/ }).click();
  await expect(page.getByTestId('summary-section-overview')).toHaveValue(new RegExp(`本期共发现问题${found}项，其中超期\\d+项。`));

  // History: back to the shipped wording, as a new version.
  await page.getByTestId('tpl-tab').click();
  await page.getByTestId('tpl-history').click();
  await page.getByTestId('tpl-restore-1').click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('tpl-version')).toContainText('第 3 版');
  await expect(preview).toContainText('坚持以创建文明城市统揽城市工作全局');
});

test('a leader reads the template and its preview, but can neither edit it nor build the summary', async ({ page }) => {
  failOnDialog(page);
  await logIn(page, 'leader');
  await page.getByTestId('menu-workSummary').click();
  await expect(page.getByTestId('tpl-tab')).toBeVisible();
  await expect(page.getByRole('tab', { name: /生成与下载/ })).toHaveCount(0);
  await expect(page.getByTestId('tpl-preview-overview')).not.toBeEmpty();
  await expect(page.getByTestId('tpl-text-overview')).toBeDisabled();
  await expect(page.getByTestId('tpl-save')).toHaveCount(0);
  await screenshot(page, 'summary-template-leader');
});
