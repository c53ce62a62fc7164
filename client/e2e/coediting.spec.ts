/**
 * Issue 2: two economists of school №1 edit one budget request at once — typing with the keyboard —
 * see each other's values within a second, see each other's presence, and keep working through a
 * server crash: the grid stays editable, and every value typed before and during the outage is
 * there after the server comes back, in both browsers and in a fresh one.
 */
import { expect, test, type Page } from '@playwright/test';
import { Stack } from './support/processes';
import { USERS, cellDisplay, expectCell, focusGrid, login, newSession, openBudgetRequest, plain, typeIntoCell, waitSynced, type Session } from './support/editor';

const stack = new Stack();
const SHEET = 'summary';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await stack.start();
});

test.afterAll(async () => {
  await stack.stop();
});

/**
 * Starts watching, inside `page`, for the grid to show `expected` in a cell; the returned function
 * resolves the `Date.now()` at which it first did (checked every 2 ms in the page, so the time is at
 * most a few ms late — never early).
 */
async function watchCell(page: Page, sheetId: string, rowId: string, colId: string, expected: string): Promise<() => Promise<number>> {
  const key = `${sheetId}/${rowId}/${colId}`;
  await page.evaluate(
    ({ key, sheetId, rowId, colId, expected }) => {
      const w = window as unknown as { __seen?: Record<string, number> };
      const seen = (w.__seen ??= {});
      delete seen[key];
      const check = (): void => {
        const shown = window.__zhospar?.getCellDisplay(sheetId, rowId, colId);
        if (shown !== undefined && shown !== null && shown.replace(/[\u00a0\u202f]/g, ' ') === expected) seen[key] = Date.now();
        else setTimeout(check, 2);
      };
      check();
    },
    { key, sheetId, rowId, colId, expected },
  );
  return async () => {
    const handle = await page.waitForFunction((k) => (window as unknown as { __seen?: Record<string, number> }).__seen?.[k], key, { timeout: 30_000, polling: 20 });
    return (await handle.jsonValue()) as number;
  };
}

/**
 * Types a value in `writer` and measures how long after the writer's local commit (the Y.Doc
 * transaction of the edit, `lastLocalCommitAt`) the reader's grid shows it. Both browsers run on
 * this machine, so their `Date.now()` share one clock.
 */
async function typeAndMeasure(writer: Page, reader: Page, rowId: string, colId: string, typed: string, stored: number, shown: string): Promise<number> {
  const readerSaw = await watchCell(reader, SHEET, rowId, colId, shown);
  await typeIntoCell(writer, SHEET, rowId, colId, typed);
  await expect.poll(() => writer.evaluate(([r, c]) => window.__zhospar?.getStoredValue('summary', r, c), [rowId, colId] as const)).toBe(stored);
  const committedAt = await writer.evaluate(() => window.__zhospar?.lastLocalCommitAt() ?? 0);
  const seenAt = await readerSaw();
  expect(committedAt).toBeGreaterThan(0);
  return seenAt - committedAt;
}

test('two economists co-edit a budget request, through a server crash', async ({ browser }) => {
  test.setTimeout(300_000);
  const a: Session = await newSession(browser);
  const b: Session = await newSession(browser);
  await login(a.page, stack.baseUrl, USERS.economist1.iin);
  await login(b.page, stack.baseUrl, USERS.economist2.iin);
  const documentId = await openBudgetRequest(a.page);
  const documentIdB = await openBudgetRequest(b.page);
  expect(documentIdB).toBe(documentId);
  await focusGrid(a.page);
  await focusGrid(b.page);

  // --- Live edits of different cells of one sheet, typed with the keyboard.
  // Summary lines s144 / s111, input columns «fact» and «estimate» (whole тенге, grouped by thousands).
  const delays: number[] = [];
  delays.push(await typeAndMeasure(a.page, b.page, 's144', 'fact', '125000', 125000, '125 000'));
  delays.push(await typeAndMeasure(b.page, a.page, 's111', 'estimate', '4321', 4321, '4 321'));
  delays.push(await typeAndMeasure(a.page, b.page, 's144', 'estimate', '98765', 98765, '98 765'));
  console.log(`[coediting] delivery delay after the local commit, ms: ${delays.join(', ')}`);
  for (const d of delays) expect(d, 'delivered within a second').toBeLessThan(1000);

  // --- Presence: each sees the other's avatar and the other's selected cell outlined with a name.
  await a.page.evaluate(() => window.__zhospar?.selectCell('summary', 's144', 'fact'));
  await b.page.evaluate(() => window.__zhospar?.selectCell('summary', 's111', 'estimate'));
  await expect(a.page.locator('.presence .avatar', { hasText: USERS.economist2.surname })).toHaveCount(1);
  await expect(b.page.locator('.presence .avatar', { hasText: USERS.economist1.surname })).toHaveCount(1);
  await expect
    .poll(() => a.page.evaluate(() => window.__zhospar?.peers().filter((p) => !p.isSelf).map((p) => p.cursor)))
    .toEqual([{ sheetId: 'summary', rowId: 's111', colId: 'estimate' }]);
  await expect
    .poll(() => b.page.evaluate(() => window.__zhospar?.peers().filter((p) => !p.isSelf).map((p) => p.cursor)))
    .toEqual([{ sheetId: 'summary', rowId: 's144', colId: 'fact' }]);
  await expect(a.page.locator('.presence-label', { hasText: USERS.economist2.surname })).toBeVisible();
  await expect(b.page.locator('.presence-label', { hasText: USERS.economist1.surname })).toBeVisible();

  // --- After a reload the values are there (they came back from the server).
  await a.page.reload();
  await waitSynced(a.page);
  await expectCell(a.page, SHEET, 's144', 'fact', '125 000');
  await expectCell(a.page, SHEET, 's111', 'estimate', '4 321');
  await expectCell(a.page, SHEET, 's144', 'estimate', '98 765');
  await focusGrid(a.page);

  // --- The server crashes mid-session. Both keep typing: the grid stays editable.
  await stack.killServer();
  for (const { page } of [a, b]) {
    await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => window.__zhospar?.connectionStatus)).toBe('reconnecting');
  }
  await typeIntoCell(a.page, SHEET, 's149', 'fact', '7777');
  await typeIntoCell(b.page, SHEET, 's151', 'fact', '8888');
  await typeIntoCell(a.page, SHEET, 's144', 'fact', '130000');
  await expectCell(a.page, SHEET, 's149', 'fact', '7 777');
  await expectCell(a.page, SHEET, 's144', 'fact', '130 000');
  await expectCell(b.page, SHEET, 's151', 'fact', '8 888');
  // The banner counts what is waiting for the server; nothing was refused, the grid is not locked.
  await expect(a.page.getByTestId('connection-banner')).toContainText(/Не отправлено изменений: \d+/);
  await expect(a.page.locator('.readonly-badge')).toHaveCount(0);

  // --- The server comes back on the same port; the clients reconnect on their own.
  await stack.startServer();
  await waitSynced(a.page, 90_000);
  await waitSynced(b.page, 90_000);
  await expect(a.page.getByTestId('connection-banner')).toHaveCount(0);

  const expected: Array<[string, string, string]> = [
    ['s144', 'fact', '130 000'],
    ['s111', 'estimate', '4 321'],
    ['s144', 'estimate', '98 765'],
    ['s149', 'fact', '7 777'],
    ['s151', 'fact', '8 888'],
  ];
  for (const { page } of [a, b]) for (const [row, col, text] of expected) await expectCell(page, SHEET, row, col, text);

  // --- A third, fresh browser opened afterwards gets everything from the server.
  const c = await newSession(browser);
  await login(c.page, stack.baseUrl, USERS.economist1.iin);
  await c.page.goto(`${stack.baseUrl}/#/documents/${documentId}`);
  await waitSynced(c.page);
  for (const [row, col, text] of expected) await expectCell(c.page, SHEET, row, col, text);
  expect(plain(await cellDisplay(c.page, SHEET, 's149', 'fact'))).toBe('7 777');

  await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
});
