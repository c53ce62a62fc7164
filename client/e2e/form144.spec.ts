/**
 * Issue 3: an economist fills the calculation form for specific 144 (fuel and lubricants) by
 * typing; calculated litres and amounts, plan years 2–3 (inflation auto-fill with the ROUND's
 * parameters, or a manual value) and the summary line s144 update at once and are read-only; the
 * controls panel lists failing checks in Russian, selects the cell on click, and clears after a
 * correction. Also: a calculation form is added with the keyboard.
 *
 * Form 01-144 (sheets/src/templates/budgetRequest.ts):
 *   litres    = ROUND(fuel_norm / 100 × mileage / 12 × (months + winter_months × winter_pct / 100), 2)
 *   amount    = ROUND(litres × price, 0)
 *   amount_y2 = y2_manual blank ? ROUND(amount × $inflation.140.y2, 0) : y2_manual
 *   amount_y3 = y3_manual blank ? ROUND(amount_y2 × $inflation.140.y3, 0) : y3_manual
 * Demo round 2027–2029 (prisma demo parameters): inflation 140 → 2028: 1.055, 2029: 1.05.
 *
 * By hand: 10.5 l/100 km × 12 000 km / 12 × 12 months = 1 260 l; × 300 тг = 378 000 тг;
 *          year 2 = 378 000 × 1.055 = 398 790; year 3 = 398 790 × 1.05 = 418 729.5 → 418 730;
 *          with year 2 typed as 400 000: year 3 = 400 000 × 1.05 = 420 000.
 */
import { expect, test, type Page } from '@playwright/test';
import { Stack } from './support/processes';
import { USERS, expectCell, focusGrid, login, newSession, openBudgetRequest, typeIntoCell } from './support/editor';

const stack = new Stack();
const F = 'f144';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await stack.start();
});

test.afterAll(async () => {
  await stack.stop();
});

async function activeCell(page: Page): Promise<{ sheetId: string; rowId: string; colId: string } | null> {
  return page.evaluate(() => window.__zhospar?.activeCell() ?? null);
}

test('form 01-144: typed drivers, calculated amounts, summary, controls', async ({ browser }) => {
  test.setTimeout(240_000);
  const { page, context } = await newSession(browser);
  await login(page, stack.baseUrl, USERS.economist3.iin);
  await openBudgetRequest(page);
  await focusGrid(page);
  const panel = page.getByTestId('controls-panel');
  await expect(panel).toContainText('Все контроли пройдены');

  // A new vehicle row in form 01-144: select the section's last row (or the totals row when the
  // section is empty), «Вставить строку ниже».
  const before = (await page.evaluate(() => window.__zhospar?.rowIds('f144'))) ?? [];
  const anchor = before.filter((id) => id !== 'total').at(-1) ?? 'total';
  expect(await page.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'vehicle'), anchor)).toBe(true);
  await page.getByRole('button', { name: /Вставить строку ниже/ }).click();
  await expect.poll(() => page.evaluate(() => window.__zhospar?.rowIds('f144').length)).toBe(before.length + 1);
  const rowId = (await page.evaluate((known) => window.__zhospar?.rowIds('f144').find((id) => !known.includes(id)), before)) ?? '';
  expect(rowId).not.toBe('');

  // Vehicle and fuel norm only: the row misses required inputs → a warning, in Russian.
  await typeIntoCell(page, F, rowId, 'vehicle', '123 ABC 02');
  await typeIntoCell(page, F, rowId, 'fuel_norm', '10,5');
  const required = panel.locator('.control-warning', { hasText: 'Не заполнены обязательные графы' });
  await expect(required).toContainText('Лимит пробега, км в год');
  await expect(required).toContainText('Цена 1 литра, тенге');
  await expect(page.getByTestId('warning-count')).toHaveText('Предупреждения: 1');

  // A negative mileage → an error; clicking it in the panel selects the offending cell.
  await typeIntoCell(page, F, rowId, 'mileage', '-12000');
  await typeIntoCell(page, F, rowId, 'months', '12');
  await typeIntoCell(page, F, rowId, 'price', '300');
  const negative = panel.locator('.control-error', { hasText: 'Отрицательное значение недопустимо' });
  await expect(negative.first()).toBeVisible();
  await expect(page.getByTestId('error-count')).toContainText('Ошибки:');
  await expect(panel.locator('.control-warning')).toHaveCount(0);
  await page.evaluate(() => window.__zhospar?.selectCell('summary', 's111', 'fact')); // somewhere else, another sheet
  await panel.locator('.control-error[data-control-id="value.negative"]', { hasText: `01-144` }).first().click();
  await expect.poll(() => activeCell(page)).toEqual({ sheetId: F, rowId, colId: 'mileage' });

  // The correction, typed straight into the selected cell: every control passes.
  await page.keyboard.type('12000');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate((r) => window.__zhospar?.getStoredValue('f144', r, 'mileage'), rowId)).toBe(12000);
  await expect(panel).toContainText('Все контроли пройдены');
  await expect(page.getByTestId('controls-toggle')).toContainText('Все контроли пройдены');

  // Calculated cells and the summary line, computed by hand (see the file comment).
  await expectCell(page, F, rowId, 'litres', '1 260,00');
  await expectCell(page, F, rowId, 'amount', '378 000');
  await expectCell(page, F, rowId, 'amount_y2', '398 790');
  await expectCell(page, F, rowId, 'amount_y3', '418 730');
  await expectCell(page, F, 'total', 'litres', '1 260,00');
  await expectCell(page, F, 'total', 'amount', '378 000');
  await expectCell(page, 'summary', 's144', 'plan1', '378 000');
  await expectCell(page, 'summary', 's144', 'plan2', '398 790');
  await expectCell(page, 'summary', 's144', 'plan3', '418 730');

  // Year 2 typed by hand replaces the inflation auto-fill; year 3 follows it.
  await typeIntoCell(page, F, rowId, 'y2_manual', '400000');
  await expectCell(page, F, rowId, 'amount_y2', '400 000');
  await expectCell(page, F, rowId, 'amount_y3', '420 000');
  await expectCell(page, 'summary', 's144', 'plan2', '400 000');
  await expectCell(page, 'summary', 's144', 'plan3', '420 000');

  // A calculated cell refuses an edit, with the message; nothing changes.
  expect(await page.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'amount'), rowId)).toBe(true);
  await page.keyboard.type('5');
  await expect(page.getByRole('alert').filter({ hasText: 'Эта ячейка рассчитывается автоматически и не редактируется.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expectCell(page, F, rowId, 'amount', '378 000');
  expect(await page.evaluate((r) => window.__zhospar?.getStoredValue('f144', r, 'amount'), rowId)).toBeUndefined();

  // «Добавить форму» with the keyboard: the dialog lists specifics not in the document yet.
  await page.getByTestId('add-form').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Добавить расчётную форму' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio')).not.toHaveCount(0);
  await expect(dialog.getByText(/специфике 144/)).toHaveCount(0); // already in the document
  await dialog.getByRole('radio', { name: /149/ }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect.poll(() => page.evaluate(() => window.__zhospar?.sheetIds())).toContain('f149');
  await expect(page.getByRole('alert').filter({ hasText: 'Форма 01-149 добавлена.' })).toBeVisible();

  // A write the server refuses ([P5]/[P8]): the reason is shown in Russian, the local document is
  // dropped and loaded again from the server, and editing goes on.
  // Mark this editor's test handle, to wait below for the editor built on the reloaded document.
  await page.evaluate(() => {
    (window.__zhospar as unknown as { stale?: boolean }).stale = true;
    window.__zhospar?.rawSetCell('f144', 'total', 'amount', 1);
  });
  const rejected = page.getByTestId('server-notice');
  await expect(rejected).toContainText('Сервер отклонил изменение');
  await expect(rejected).toContainText('Документ заново загружен с сервера.');
  await page.waitForFunction(
    () => window.__zhospar !== undefined && !(window.__zhospar as unknown as { stale?: boolean }).stale && window.__zhospar.connectionStatus === 'synced',
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  await expect.poll(() => page.evaluate(() => window.__zhospar?.getStoredValue('f144', 'total', 'amount') ?? null)).toBeNull();
  await expectCell(page, F, 'total', 'amount', '378 000');
  // The grid was rebuilt on the reloaded document: give it the keyboard again, as a person would.
  await focusGrid(page);
  await typeIntoCell(page, F, rowId, 'model', 'Toyota Camry');
  await expect.poll(() => page.evaluate((r) => window.__zhospar?.getStoredValue('f144', r, 'model'), rowId)).toBe('Toyota Camry');
  await rejected.getByRole('button', { name: 'Закрыть' }).click();
  await expect(rejected).toBeHidden();

  await context.close();
});
