import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { failOnDialog, logIn, pickOption, screenshot } from './support';

// The office exports ledgers (台账导出) in the background: starts an export with the case list's
// filters, watches it reach its total and downloads the workbook; starts one from the case list;
// a unit handler is offered only the ledgers it may read.

async function readWorkbook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

/** The newest export row (the table lists newest first). */
const newest = (page: Page) => page.getByTestId('export-table').locator('tbody tr.ant-table-row').first();

test('the office admin exports ledgers and downloads them', async ({ page }) => {
  failOnDialog(page);
  await logIn(page, 'admin');
  await page.getByTestId('menu-exports').click();
  await expect(page.getByTestId('page-exports')).toBeVisible();

  // Cases, only the closed ones: the same filters as the case list.
  await pickOption(page, 'case-filter-state', '已销号');
  await page.getByTestId('export-start').click();
  await expect(newest(page).getByTestId('export-state')).toHaveText('已完成', { timeout: 30_000 });
  await expect(newest(page).getByTestId('export-rows')).toHaveText(/^(\d[\d,]*) \/ \1 行$/);
  await expect(newest(page)).toContainText('已销号');
  await screenshot(page, 'exports-admin');

  const download = page.waitForEvent('download');
  await newest(page).getByTestId('export-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^问题台账-\d{8}-\d{4}\.xlsx$/);
  const wb = await readWorkbook((await file.path())!);
  const sheet = wb.worksheets[0]!;
  expect(sheet.name).toBe('问题台账');
  expect(sheet.getRow(1).getCell(1).value).toBe('问题编号');
  expect(sheet.rowCount).toBeGreaterThan(1);
  const states = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n > 1) states.add(String(row.getCell(12).value));
  });
  expect([...states]).toEqual(['已销号']);

  // Inspections: rounds with pass rates and the site visits, two sheets.
  await pickOption(page, 'export-kind', '督查结果（轮次、实地检查、合格率）');
  await page.getByTestId('export-start').click();
  await expect(newest(page)).toContainText('督查结果');
  await expect(newest(page).getByTestId('export-state')).toHaveText('已完成', { timeout: 30_000 });
  const inspections = page.waitForEvent('download');
  await newest(page).getByTestId('export-download').click();
  const book = await readWorkbook((await (await inspections).path())!);
  expect(book.worksheets.map((w) => w.name)).toEqual(['督查轮次', '实地检查']);

  // From the case list: the same flow, landing on the exports page.
  await page.getByTestId('menu-cases').click();
  await expect(page.getByTestId('case-row-open').first()).toBeVisible();
  await page.getByTestId('case-export-background').click();
  await expect(page.getByTestId('page-exports')).toBeVisible();
  await expect(newest(page)).toContainText('问题台账');
  await expect(newest(page).getByTestId('export-state')).toHaveText('已完成', { timeout: 30_000 });
  await expect(newest(page).getByTestId('export-progress')).toBeVisible();
});

test('a unit handler is offered only the ledgers it may read', async ({ page }) => {
  failOnDialog(page);
  await logIn(page, 'handler');
  await page.getByTestId('menu-exports').click();
  await expect(page.getByTestId('page-exports')).toBeVisible();
  await page.getByTestId('export-kind').click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(options).toHaveText(['问题台账', '责任分工', '申报材料', '单位']);
  await page.keyboard.press('Escape');
  await page.getByTestId('export-start').click();
  await expect(newest(page).getByTestId('export-state')).toHaveText('已完成', { timeout: 30_000 });
  await screenshot(page, 'exports-handler');
});
