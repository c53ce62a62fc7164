/**
 * Issue 6 in browsers: the economist exports her request from the editor («Экспорт в Excel»,
 * a background job with progress, then the download). The file is read back twice — with exceljs
 * (the server's dependency) and with LibreOffice, which recalculates it on its own: the calculated
 * «Всего расходов» equals the inputs. An input is edited in the file, the file is imported: the
 * preview lists the change cell by cell (form, row, column, old → new); applied, the new value and
 * its recalculated total appear live in a second browser (a colleague with the document open).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { Stack } from './support/processes';
import { USERS, cellDisplay, expectCell, focusGrid, login, newSession, openBudgetRequest, plain, typeIntoCell, waitSynced } from './support/editor';

const stack = new Stack();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, '.tmp');

/** exceljs is the server's dependency; the test loads it from there. */
interface ExcelCell {
  value: unknown;
  formula?: string;
  result?: unknown;
}
interface ExcelRow {
  getCell(col: number): ExcelCell;
}
interface ExcelSheet {
  name: string;
  rowCount: number;
  columnCount: number;
  getRow(row: number): ExcelRow;
}
interface ExcelWorkbook {
  worksheets: ExcelSheet[];
  xlsx: { readFile(path: string): Promise<unknown>; writeFile(path: string): Promise<void> };
}
const ExcelJS = createRequire(join(root, 'server', 'package.json'))('exceljs') as { Workbook: new () => ExcelWorkbook };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  await stack.start();
});

test.afterAll(async () => {
  await stack.stop();
});

async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('.sync-text')).toHaveText('Все изменения сохранены', { timeout: 15_000 });
}

/** Finds a cell by the ids the export stores: column ids in row 1, row ids in a hidden column. */
function locate(sheet: ExcelSheet, rowId: string, colId: string): { row: number; col: number } {
  const width = Math.min(sheet.columnCount, 64);
  let col = 0;
  for (let c = 1; c <= width; c++) if (sheet.getRow(1).getCell(c).value === colId) col = c;
  let row = 0;
  for (let r = 2; r <= sheet.rowCount && row === 0; r++) for (let c = 1; c <= width; c++) if (sheet.getRow(r).getCell(c).value === rowId) row = r;
  expect(col, `column ${colId}`).toBeGreaterThan(0);
  expect(row, `row ${rowId}`).toBeGreaterThan(0);
  return { row, col };
}

test('export from the editor, check with exceljs and LibreOffice, edit an input, import with preview, apply, seen live with its total', async ({ browser }) => {
  test.setTimeout(300_000);
  const economist = await newSession(browser);
  const colleague = await newSession(browser);
  const e = economist.page;
  const c = colleague.page;
  const work = mkdtempSync(join(tmpdir(), 'zhospar-excel-e2e-'));

  await login(e, stack.baseUrl, '850315400124');
  const documentId = await openBudgetRequest(e);
  await focusGrid(e);
  await typeIntoCell(e, 'summary', 's111', 'fact', '2400000');
  await typeIntoCell(e, 'summary', 's144', 'fact', '125000');
  await waitSaved(e);
  await expectCell(e, 'summary', 'total', 'fact', '2 525 000');

  // The colleague (second economist of the school) has the document open.
  await login(c, stack.baseUrl, USERS.economist2.iin);
  await c.goto(`${stack.baseUrl}/#/documents/${documentId}`);
  await waitSynced(c);
  await expectCell(c, 'summary', 'total', 'fact', '2 525 000');

  // --- Export: language and unit, job with progress, download.
  await e.getByTestId('excel-export').click();
  await expect(e.getByRole('radio', { name: 'Русский' })).toBeChecked();
  await expect(e.getByRole('radio', { name: 'тенге', exact: true })).toBeChecked();
  const downloading = e.waitForEvent('download');
  await e.getByTestId('excel-download').click();
  const download = await downloading;
  const file = join(work, download.suggestedFilename());
  await download.saveAs(file);
  expect(file).toMatch(/\.xlsx$/);
  await expect(e.getByTestId('excel-status')).toHaveText(/Файл выгружен/);

  // exceljs: the input and the live formula of the total with its cached value.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const summary = wb.worksheets.find((s) => s.name === '01-свод');
  expect(summary, wb.worksheets.map((s) => s.name).join(', ')).toBeDefined();
  const sheet = summary as ExcelSheet;
  const input = locate(sheet, 's111', 'fact');
  const total = locate(sheet, 'total', 'fact');
  expect(sheet.getRow(input.row).getCell(input.col).value).toBe(2400000);
  const totalCell = sheet.getRow(total.row).getCell(total.col);
  expect(totalCell.formula, 'the total is a live formula').toBeTruthy();
  expect(totalCell.result).toBe(2525000);

  // LibreOffice recalculates the file by itself: the total in its CSV is the sum.
  const profile = join(work, 'lo-profile');
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', join(work, 'csv'), file], { timeout: 120_000, stdio: 'pipe' });
  const csvFiles = readdirSync(join(work, 'csv'));
  const summaryCsv = csvFiles.find((f) => f.includes('01-свод')) ?? csvFiles[0] ?? '';
  const csv = readFileSync(join(work, 'csv', summaryCsv), 'utf8');
  const totalLine = csv.split('\n').find((l) => l.includes('Всего расходов')) ?? '';
  expect(totalLine.replace(/[\s\u00a0\u202f"]/g, '')).toMatch(/,2525000(,|$)/);

  // --- Edit an input in the file and import it.
  sheet.getRow(input.row).getCell(input.col).value = 3000000;
  const edited = join(work, 'edited.xlsx');
  await wb.xlsx.writeFile(edited);
  await e.getByTestId('excel-import-file').setInputFiles(edited);
  const dialog = e.getByTestId('import-preview');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Изменений ячеек: 1');
  const row = dialog.locator('tr[data-cell="summary/s111/fact"]');
  await expect(row).toContainText('01-свод');
  await expect(row).toContainText('Оплата труда');
  await expect(row.locator('td.old')).toHaveText(/2\s400\s000/);
  await expect(row.locator('td.new')).toHaveText(/3\s000\s000/);
  await e.screenshot({ path: join(shots, 'import-preview.png') });
  await e.getByTestId('import-apply').click();
  await expect(dialog).toBeHidden();
  await expect(e.getByTestId('excel-status')).toContainText('Импорт применён: изменено ячеек — 1');

  // --- Live for everyone: the new value and its recalculated total in the colleague's browser.
  await expectCell(c, 'summary', 's111', 'fact', '3 000 000');
  await expectCell(c, 'summary', 'total', 'fact', '3 125 000');
  expect(plain(await cellDisplay(e, 'summary', 'total', 'fact'))).toBe('3 125 000');

  await economist.context.close();
  await colleague.context.close();
});
