/**
 * Issue 5: remarks (замечания) on cells, in browsers, one context per person.
 *
 * 1. The economist of school №1 submits her budget request (workflow API); her grid turns
 *    read-only. The АБП curator opens it — he cannot edit it either — selects a cell, presses
 *    Ctrl+Alt+M, writes a remark with bold text and an @mention of the economist and sends it.
 *    In the economist's browser (open on the same document) the notification (bell count + toast)
 *    and the cell marker appear within 1 s of the server acknowledging the curator's write.
 *    She replies from the panel; the curator sees the reply and resolves the thread; the marker
 *    goes away and the thread is listed under «Снятые».
 * 2. Threads follow their cells: a submitted document takes no row inserts, so this part runs on
 *    school №2's request, which is in work. Its economist adds a vehicle row in form 01-144; the
 *    curator comments on that row while — concurrently, both writes in flight at once — the
 *    economist inserts another row above it. The thread keeps its anchor (row id), and its marker
 *    moves down one row with the cell. Deleting the row detaches the thread (listed apart, kept).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { Stack } from './support/processes';
import { USERS, login, newSession, openBudgetRequest, typeIntoCell, waitSynced } from './support/editor';

const stack = new Stack();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, '.tmp');

const ECONOMIST = '850315400124'; // school №1, «Сапарова Айгерим (демо)»
const CURATOR = '831204450562'; // АБП «Управление образования»

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  await stack.start();
});

test.afterAll(async () => {
  await stack.stop();
});

async function tokenOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('zhospar.session'));
  return (JSON.parse(raw ?? '{}') as { token: string }).token;
}

async function openDocument(page: Page, id: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/#/documents/${id}`);
  await waitSynced(page);
  await page.waitForFunction(() => window.__zhosparComments?.status() === 'synced', undefined, { timeout: 30_000 });
}

/** Starts watching for a selector in the page; the returned function gives the page's `Date.now()` when it first matched. */
async function watchFor(page: Page, name: string, selector: string): Promise<() => Promise<number>> {
  await page.evaluate(
    ({ name, selector }) => {
      const w = window as unknown as Record<string, number | undefined>;
      delete w[name];
      const check = (): void => {
        if (document.querySelector(selector) !== null) w[name] = Date.now();
        else setTimeout(check, 2);
      };
      check();
    },
    { name, selector },
  );
  return async () => {
    const handle = await page.waitForFunction((n) => (window as unknown as Record<string, number | undefined>)[n], name, { timeout: 10_000, polling: 20 });
    return (await handle.jsonValue()) as number;
  };
}

/** Writes a new remark on the selected cell with Ctrl+Alt+M: text, then an @mention picked from the list. */
async function writeRemark(page: Page, before: string, mention: string | null, after: string): Promise<void> {
  await page.keyboard.press('Control+Alt+KeyM');
  const input = page.getByTestId('comment-new-input');
  await expect(input).toBeFocused();
  await page.keyboard.press('Control+B');
  await page.keyboard.type(before);
  await page.keyboard.press('Control+B');
  if (mention !== null) {
    await page.keyboard.type(` @${mention}`);
    await expect(page.locator('.mention-list [role="option"]').first()).toContainText(mention);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.type(after);
}

test('a curator remarks on a submitted request with a mention; the economist is notified within 1 s, replies; the curator resolves', async ({ browser }) => {
  test.setTimeout(240_000);
  const economist = await newSession(browser);
  const curator = await newSession(browser);
  const e = economist.page;
  const c = curator.page;

  // --- The economist submits her request (through the workflow API, with her token).
  await login(e, stack.baseUrl, ECONOMIST);
  const documentId = await openBudgetRequest(e);
  let submit = await e.request.post(`${stack.baseUrl}/api/documents/${documentId}/submit`, { headers: { authorization: `Bearer ${await tokenOf(e)}` } });
  if (submit.status() === 422) {
    // Error-level controls block an empty request: fill the minimum inputs, then submit again.
    await typeIntoCell(e, 'summary', 's111', 'fact', '2400000');
    await expect(e.locator('.sync-text')).toHaveText('Все изменения сохранены', { timeout: 15_000 });
    submit = await e.request.post(`${stack.baseUrl}/api/documents/${documentId}/submit`, { headers: { authorization: `Bearer ${await tokenOf(e)}` } });
  }
  expect(submit.status(), await submit.text()).toBe(200);
  await expect(e.locator('.readonly-badge')).toBeVisible();

  // --- The curator opens it: read-only grid, but remarks are writable.
  await login(c, stack.baseUrl, CURATOR);
  await openDocument(c, documentId);
  await expect(c.locator('.readonly-badge')).toBeVisible();
  await c.getByTestId('comments-toggle').click();
  await expect(c.getByTestId('comments-panel')).toContainText('Замечаний нет.');
  await c.getByTestId('comment-new').hover();
  await expect(c.getByTestId('comment-new')).toHaveAttribute('title', 'Ctrl+Alt+M');

  // The economist's page is on the document (her panel closed): watch for the bell and the marker.
  await e.waitForFunction(() => window.__zhosparComments?.status() === 'synced', undefined, { timeout: 30_000 });
  const marker = '.comment-marker[data-comment-cell="summary/s144/fact"]';
  const bellSeen = await watchFor(e, '__bellSeen', '[data-testid="notification-count"]');
  const markerSeen = await watchFor(e, '__markerSeen', marker);

  expect(await c.evaluate(() => window.__zhospar?.selectCell('summary', 's144', 'fact'))).toBe(true);
  await writeRemark(c, 'Сумма по ГСМ не подтверждена', 'Сапарова', ', приложите договор поставки.');
  const ackBefore = await c.evaluate(() => window.__zhosparComments?.lastAckAt() ?? 0);
  await c.keyboard.press('Control+Enter');
  const ackHandle = await c.waitForFunction((before) => {
    const at = window.__zhosparComments?.lastAckAt() ?? 0;
    return at > before ? at : 0;
  }, ackBefore, { timeout: 10_000, polling: 5 });
  const ackAt = (await ackHandle.jsonValue()) as number;
  const [bellAt, markerAt] = await Promise.all([bellSeen(), markerSeen()]);
  console.log(`[comments] notification ${bellAt - ackAt} ms, marker ${markerAt - ackAt} ms after the curator's write was acknowledged`);
  expect(bellAt - ackAt).toBeLessThanOrEqual(1000);
  expect(markerAt - ackAt).toBeLessThanOrEqual(1000);
  await expect(e.getByTestId('notification-count')).toHaveText('1');
  await expect(e.getByTestId('notification-toast')).toContainText('упомянул(а) вас');

  // The stored body: bold text, a mention with the economist's id, plain text — nothing else.
  const threads = await c.evaluate(() => window.__zhosparComments?.threads() ?? []);
  expect(threads).toHaveLength(1);
  const body = JSON.stringify(threads[0]?.messages[0]?.body);
  expect(body).toContain('"marks":[{"type":"bold"}]');
  expect(body).toMatch(/"type":"mention","attrs":\{"id":"[0-9a-f-]{36}","label":"Сапарова Айгерим \(демо\)"\}/);

  // --- The economist opens the inbox and the thread from it, and replies.
  await e.getByTestId('notification-bell').click();
  await expect(e.getByTestId('notification-item')).toHaveCount(1);
  await e.getByTestId('notification-item').getByRole('link').click();
  const ePanel = e.getByTestId('comments-panel');
  await expect(ePanel).toBeVisible();
  const eThread = ePanel.locator('.comment-thread').first();
  await expect(eThread).toContainText('Сумма по ГСМ не подтверждена');
  await expect(eThread.locator('.mention')).toHaveText('@Сапарова Айгерим (демо)');
  await expect(eThread).toHaveClass(/focused/);
  // The thread's cell link selects its cell in the grid.
  await eThread.locator('.comment-cell-link').click();
  await expect.poll(() => e.evaluate(() => window.__zhospar?.activeCell() ?? null)).toEqual({ sheetId: 'summary', rowId: 's144', colId: 'fact' });
  await expect(e.getByTestId('notification-count')).toHaveCount(0);
  await eThread.getByRole('button', { name: 'Ответить' }).click();
  await expect(e.getByTestId('comment-reply-input')).toBeFocused();
  await e.keyboard.type('Договор № 15 от 10.02.2025 приложен, сумма уточнена.');
  await e.keyboard.press('Control+Enter');

  // --- The curator sees the reply (and a reply notification), screenshots the panel, resolves.
  const cThread = c.getByTestId('comments-panel').locator('.comment-thread').first();
  await expect(cThread.locator('.comment-message')).toHaveCount(2);
  await expect(cThread).toContainText('Договор № 15');
  await expect(c.getByTestId('notification-count')).toHaveText('1');
  await c.waitForTimeout(300);
  await c.screenshot({ path: join(shots, 'comments.png') });
  await cThread.getByRole('button', { name: 'Снять замечание' }).click();

  // Resolved everywhere: the marker goes, the thread is under «Снятые».
  await expect(e.locator(marker)).toHaveCount(0);
  await expect(c.locator(marker)).toHaveCount(0);
  await expect(ePanel).toContainText('Нет замечаний по выбранному фильтру.');
  await ePanel.getByTestId('comments-filter-resolved').click();
  await expect(ePanel.locator('.comment-thread[data-status="resolved"]')).toContainText('Снято');
  // Shown resolved threads have a (green) marker again; hiding them removes it.
  await expect(e.locator(`${marker}.resolved`)).toHaveCount(1);
  await ePanel.getByTestId('comments-filter-open').click();
  await expect(e.locator(marker)).toHaveCount(0);

  await economist.context.close();
  await curator.context.close();
});

test('a thread stays on its cell when a row is inserted above it concurrently, and is kept as detached when its row is deleted', async ({ browser }) => {
  test.setTimeout(240_000);
  const economist = await newSession(browser);
  const curator = await newSession(browser);
  const e = economist.page;
  const c = curator.page;

  // School №2's request is in work: its economist may insert rows. Two vehicle rows in form 01-144.
  await login(e, stack.baseUrl, USERS.economist3.iin);
  const documentId = await openBudgetRequest(e);
  const addRowBelow = async (rowId: string): Promise<string> => {
    const known = (await e.evaluate(() => window.__zhospar?.rowIds('f144'))) ?? [];
    expect(await e.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'vehicle'), rowId)).toBe(true);
    await e.keyboard.press('Alt+Insert');
    await expect.poll(() => e.evaluate(() => window.__zhospar?.rowIds('f144').length)).toBe(known.length + 1);
    return (await e.evaluate((k) => window.__zhospar?.rowIds('f144').find((id) => !k.includes(id)), known)) ?? '';
  };
  const initial = (await e.evaluate(() => window.__zhospar?.rowIds('f144'))) ?? [];
  const first = await addRowBelow(initial.filter((id) => id !== 'total').at(-1) ?? 'total');
  await typeIntoCell(e, 'f144', first, 'vehicle', '001 AAA 02');
  const rowId = await addRowBelow(first);
  await typeIntoCell(e, 'f144', rowId, 'vehicle', '777 KZA 02');

  await login(c, stack.baseUrl, CURATOR);
  await openDocument(c, documentId);
  await expect.poll(() => c.evaluate((r) => window.__zhospar?.rowIds('f144').includes(r), rowId)).toBe(true);
  const cellKey = `f144/${rowId}/vehicle`;
  const positionIn = (page: Page): Promise<number | undefined> => page.evaluate((r) => window.__zhospar?.cellPosition('f144', r, 'vehicle')?.row, rowId);
  const rowBefore = await positionIn(c);

  // The curator writes a remark on the row while the economist inserts a row above it.
  expect(await c.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'vehicle'), rowId)).toBe(true);
  await writeRemark(c, 'Госномер', null, ' не совпадает с техпаспортом');
  expect(await e.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'vehicle'), first)).toBe(true);
  await Promise.all([c.keyboard.press('Control+Enter'), e.keyboard.press('Alt+Insert')]);

  // Both see the new row above, the thread keeps its anchor, and the marker sits on the same cell (one row lower).
  for (const page of [c, e]) {
    await expect.poll(() => positionIn(page)).toBe((rowBefore ?? 0) + 1);
    await expect.poll(() => page.evaluate(() => window.__zhosparComments?.threads().map((t) => `${t.anchor.sheetId}/${t.anchor.rowId}/${t.anchor.colId}`) ?? [])).toEqual([cellKey]);
  }
  await expect(c.locator(`.comment-marker[data-comment-cell="${cellKey}"]`)).toHaveCount(1);
  const box = await c.locator(`.comment-marker[data-comment-cell="${cellKey}"]`).boundingBox();
  expect(box).not.toBeNull();
  console.log(`[comments] marker box ${JSON.stringify(box)}`);

  // Deleting the row detaches the thread: kept, listed apart.
  await expect(c.getByTestId('comments-panel')).toBeVisible();
  expect(await e.evaluate((r) => window.__zhospar?.selectCell('f144', r, 'vehicle'), rowId)).toBe(true);
  await e.keyboard.press('Alt+Delete');
  const detached = c.getByTestId('comments-panel').locator('.comments-detached');
  await expect(detached).toContainText('Строка удалена');
  await expect(detached).toContainText('не совпадает с техпаспортом');
  await expect(c.locator(`.comment-marker[data-comment-cell="${cellKey}"]`)).toHaveCount(0);

  await economist.context.close();
  await curator.context.close();
});
