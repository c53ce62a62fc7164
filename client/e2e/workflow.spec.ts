/**
 * Issue 4: the whole approval path in browsers, one context per person —
 * the economist of school №1 fills the budget request, a submit with an error-level control is
 * refused with the failing controls listed; fixed and submitted («отправлен на проверку») the grid
 * turns read-only at once. The АБП curator's desktop (opened BEFORE the submit) shows the new status
 * live; the curator returns it «на доработку» with a reason the economist then sees; the economist
 * fixes and resubmits; the approver approves, enrols a browser key (WebCrypto), the admin binds it
 * to the approver's ИИН, the approver signs; the economist sees «Подпись действительна», verifies
 * the downloaded snapshot against its hash, cannot edit the approved version, and a new
 * «Уточнение» version opens with the approved figures.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { Stack } from './support/processes';
import { expectCell, focusGrid, login, newSession, openBudgetRequest, typeIntoCell, waitSynced } from './support/editor';

const stack = new Stack();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, '.tmp');

/** Demo users (prisma/src/seed/demoData.ts), password `Zhospar-demo-2026`. */
const ECONOMIST = '850315400124'; // school №1
const CURATOR = '831204450562'; // АБП «Управление образования»
const APPROVER = '910404300670'; // АБП «Управление образования»
const ADMIN = '870626300896'; // УО

const SHEET = 'summary';
const REASON = 'Уточните фактические расходы по ГСМ (спецификa 144): сумма не подтверждена договором.';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  await stack.start();
});

test.afterAll(async () => {
  await stack.stop();
});

/** Waits until every local change reached the server. */
async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('.sync-text')).toHaveText('Все изменения сохранены', { timeout: 15_000 });
}

async function stored(page: Page, rowId: string, colId: string): Promise<unknown> {
  return page.evaluate(([r, c]) => window.__zhospar?.getStoredValue('summary', r, c), [rowId, colId] as const);
}

/**
 * Starts watching, inside the desktop page, for a document's row to reach a status; the returned
 * function resolves the page's `Date.now()` when it first did (checked every 2 ms; both browsers
 * and the test share this machine's clock).
 */
async function watchStatus(page: Page, documentId: string, status: string): Promise<() => Promise<number>> {
  await page.evaluate(
    ({ documentId, status }) => {
      const w = window as unknown as { __statusSeen?: number };
      delete w.__statusSeen;
      const check = (): void => {
        if (document.querySelector(`tr[data-document-id="${documentId}"]`)?.getAttribute('data-status') === status) w.__statusSeen = Date.now();
        else setTimeout(check, 2);
      };
      check();
    },
    { documentId, status },
  );
  return async () => {
    const handle = await page.waitForFunction(() => (window as unknown as { __statusSeen?: number }).__statusSeen, undefined, { timeout: 10_000, polling: 20 });
    return (await handle.jsonValue()) as number;
  };
}

/** The desktop row of a document. */
function desktopRow(page: Page, documentId: string): ReturnType<Page['locator']> {
  return page.locator(`tr[data-document-id="${documentId}"]`);
}

test('submit → return with reason → fix → resubmit → approve → sign → «Подпись действительна» → new version', async ({ browser }) => {
  test.setTimeout(420_000);
  const economist = await newSession(browser);
  const curator = await newSession(browser);
  const approver = await newSession(browser);
  const admin = await newSession(browser);

  // --- The curator's desktop is open before anything happens.
  await login(curator.page, stack.baseUrl, CURATOR);
  await curator.page.getByRole('link', { name: 'Рабочий стол куратора' }).click();
  await expect(curator.page.getByRole('heading', { name: 'Рабочий стол куратора' })).toBeVisible();
  await expect(curator.page.getByTestId('desktop-live')).toHaveText(/Обновляется в реальном времени/);

  // --- The economist fills the request; a negative amount is an error-level control.
  await login(economist.page, stack.baseUrl, ECONOMIST);
  const documentId = await openBudgetRequest(economist.page);
  const e = economist.page;
  await expect(desktopRow(curator.page, documentId)).toHaveAttribute('data-status', 'IN_WORK');
  // The АБП's consolidated workbook of its institutions' requests downloads from the desktop.
  const [svod] = await Promise.all([curator.page.waitForEvent('download'), curator.page.getByTestId('consolidated-export').click()]);
  expect(svod.suggestedFilename()).toMatch(/^svod-.*\.xlsx$/);
  expect((await readFile((await svod.path())!)).subarray(0, 2).toString('latin1')).toBe('PK');
  await expect(e.getByTestId('version-label')).toHaveText('Версия 1 · План');
  await focusGrid(e);
  await typeIntoCell(e, SHEET, 's144', 'fact', '-5000');
  await expect.poll(() => stored(e, 's144', 'fact')).toBe(-5000);
  await waitSaved(e);

  // Refused: the failing controls are listed (ru), and the status stays «В работе».
  await e.getByTestId('wf-submit').click();
  const refused = e.getByTestId('controls-failed');
  await expect(refused).toBeVisible();
  await expect(refused.getByRole('heading')).toHaveText('Документ не отправлен: не пройдены контроли');
  await expect(refused.locator('.control-error').first()).toContainText('Отрицательное значение недопустимо');
  // Choosing the control closes the dialog and selects its cell; the keyboard fixes it.
  await refused.locator('.control-error').first().click();
  await expect(refused).toBeHidden();
  await expect.poll(() => e.evaluate(() => window.__zhospar?.activeCell() ?? null)).toEqual({ sheetId: SHEET, rowId: 's144', colId: 'fact' });
  await typeIntoCell(e, SHEET, 's144', 'fact', '125000');
  await typeIntoCell(e, SHEET, 's111', 'fact', '2400000');
  await expect.poll(() => stored(e, 's144', 'fact')).toBe(125000);
  await expect.poll(() => stored(e, 's111', 'fact')).toBe(2400000);
  await waitSaved(e);

  // --- Submitted: the economist's grid is read-only at once, the desktop shows it live (< 1 s).
  const desktopSaw = await watchStatus(curator.page, documentId, 'SUBMITTED');
  const submitted = e.waitForResponse((r) => r.url().endsWith(`/api/documents/${documentId}/submit`) && r.request().method() === 'POST');
  await e.getByTestId('wf-submit').click();
  expect((await submitted).status()).toBe(200);
  const respondedAt = Date.now();
  const desktopDelay = (await desktopSaw()) - respondedAt;
  console.log(`[workflow] the curator's desktop showed «Отправлен на проверку» ${desktopDelay} ms after the submit was answered`);
  expect(desktopDelay).toBeLessThan(1000);
  await expect(e.getByTestId('wf-message')).toContainText('Документ отправлен на проверку');
  await expect(e.locator('.readonly-badge')).toBeVisible();
  await expect(e.getByTestId('wf-submit')).toHaveCount(0);
  await expect(desktopRow(curator.page, documentId)).toContainText('Отправлен на проверку');
  await curator.page.screenshot({ path: join(shots, 'desktop.png') });
  // An edit now is refused: the stored value does not change.
  await typeIntoCell(e, SHEET, 's144', 'fact', '999');
  await expect.poll(() => stored(e, 's144', 'fact')).toBe(125000);

  // --- The curator returns it with a reason (required).
  await desktopRow(curator.page, documentId).getByRole('link').click();
  await waitSynced(curator.page);
  await curator.page.getByTestId('wf-return').click();
  const returnDialog = curator.page.getByTestId('return-dialog');
  await returnDialog.getByRole('button', { name: 'Вернуть на доработку' }).click();
  await expect(returnDialog.getByRole('alert')).toHaveText('Укажите причину возврата.');
  await returnDialog.getByLabel('Причина возврата').fill(REASON);
  await returnDialog.getByRole('button', { name: 'Вернуть на доработку' }).click();
  await expect(returnDialog).toBeHidden();
  await expect(curator.page.getByTestId('wf-message')).toContainText('Документ возвращён на доработку');

  // --- The economist sees the reason (without reloading) and may edit again.
  await expect(e.getByTestId('return-reason')).toContainText(REASON);
  await expect(e.getByTestId('return-reason')).toContainText('Документ возвращён на доработку');
  // …in Kazakh as well.
  await e.getByRole('radio', { name: 'Қаз' }).click();
  await expect(e.getByTestId('return-reason')).toContainText('Құжат пысықтауға қайтарылды. Себебі:');
  await expect(e.getByTestId('wf-submit')).toHaveText('Тексеруге жіберу');
  await e.getByRole('radio', { name: 'Рус' }).click();
  await expect(e.locator('.readonly-badge')).toHaveCount(0);
  await typeIntoCell(e, SHEET, 's144', 'fact', '118500');
  await expect.poll(() => stored(e, 's144', 'fact')).toBe(118500);
  await waitSaved(e);
  await e.getByTestId('wf-submit').click();
  await expect(e.getByTestId('wf-message')).toContainText('Документ отправлен на проверку');
  await expect(e.getByTestId('return-reason')).toHaveCount(0);

  // --- The approver approves.
  await login(approver.page, stack.baseUrl, APPROVER);
  const a = approver.page;
  await a.goto(`${stack.baseUrl}/#/documents/${documentId}`);
  await waitSynced(a);
  await a.getByTestId('wf-approve').click();
  await a.getByTestId('approve-dialog').getByRole('button', { name: 'Утвердить' }).click();
  await expect(a.getByTestId('wf-message')).toContainText('Документ утверждён');
  await expect(a.getByTestId('signature-panel')).toContainText('Утверждённая версия ещё не подписана.');

  // Signing needs a key in this browser.
  await a.getByTestId('wf-sign').click();
  await expect(a.getByTestId('wf-message')).toContainText('Для подписи нужен ключ ЭЦП в этом браузере');
  await a.getByTestId('wf-message').getByRole('link', { name: 'Ключи ЭЦП' }).click();
  await expect(a.getByRole('heading', { name: 'Ключи подписи (ЭЦП)' })).toBeVisible();
  await expect(a.getByTestId('local-key')).toContainText('В этом браузере нет ключа подписи.');
  await a.getByTestId('key-create').click();
  await expect(a.getByTestId('keys-message')).toHaveText('Ключ создан и ожидает привязки к ИИН.');
  await expect(a.getByTestId('local-key')).toContainText('Ожидает привязки');
  // The private key is a non-extractable CryptoKey in IndexedDB.
  const extractable = await a.evaluate(
    () =>
      new Promise<boolean | null>((resolvePromise) => {
        const open = indexedDB.open('zhospar-signing');
        open.onsuccess = () => {
          const get = open.result.transaction('keys').objectStore('keys').getAll();
          get.onsuccess = () => resolvePromise((get.result[0] as { keyPair?: CryptoKeyPair } | undefined)?.keyPair?.privateKey.extractable ?? null);
        };
      }),
  );
  expect(extractable).toBe(false);

  // --- The admin binds the key to the approver's ИИН.
  await login(admin.page, stack.baseUrl, ADMIN);
  await admin.page.getByRole('link', { name: 'Ключи ЭЦП' }).click();
  const pending = admin.page.getByTestId('managed-keys').locator('tr', { hasText: 'Ожидает привязки' }).first();
  await expect(pending).toBeVisible();
  await pending.getByRole('textbox').fill(APPROVER);
  await pending.getByRole('button', { name: 'Привязать' }).click();
  await expect(admin.page.getByTestId('keys-message')).toHaveText(`Ключ привязан к ИИН ${APPROVER}.`);

  // --- The approver signs.
  await a.goto(`${stack.baseUrl}/#/documents/${documentId}`);
  await waitSynced(a);
  await a.getByTestId('wf-sign').click();
  await expect(a.getByTestId('wf-message')).toContainText('Документ подписан. Подпись действительна.');
  await expect(a.getByTestId('signature')).toContainText('Подпись действительна.');
  await expect(a.getByTestId('wf-sign')).toHaveCount(0);

  // --- The economist sees it live: signed by …, signature valid; verifies the snapshot.
  const signature = e.getByTestId('signature');
  await expect(signature).toContainText(/Подписано: .+ \(ИИН 910404300670\) \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\. Подпись действительна\./, { timeout: 15_000 });
  await e.getByTestId('sig-verify').click();
  await expect(e.getByTestId('sig-check')).toContainText('Скачанное содержимое совпадает с хешем утверждённой версии.');
  const download = e.waitForEvent('download');
  await e.getByTestId('sig-download').click();
  expect((await download).suggestedFilename()).toMatch(/^zhospar-.+\.json$/);
  await e.getByTestId('signature-panel').scrollIntoViewIfNeeded();
  await e.screenshot({ path: join(shots, 'signature.png') });

  // --- The approved version cannot be edited.
  await expect(e.locator('.readonly-badge')).toBeVisible();
  await typeIntoCell(e, SHEET, 's144', 'fact', '1');
  await expect.poll(() => stored(e, 's144', 'fact')).toBe(118500);
  await expectCell(e, SHEET, 's144', 'fact', '118 500');

  // --- Cell history (Alt+H on the selected cell): who (name, ИИН), when, old → new, newest first.
  expect(await e.evaluate(() => window.__zhospar?.selectCell('summary', 's144', 'fact'))).toBe(true);
  await e.keyboard.press('Alt+H');
  const history = e.getByTestId('cell-history');
  await expect(history).toBeVisible();
  await expect(history).toContainText('01-свод');
  const historyRows = history.locator('tbody tr');
  await expect(historyRows).toHaveCount(3);
  await expect(historyRows.nth(0)).toContainText('Сапарова Айгерим');
  await expect(historyRows.nth(0)).toContainText(`ИИН ${ECONOMIST}`);
  await expect(historyRows.nth(0)).toContainText('125 000 → 118 500');
  await expect(historyRows.nth(1)).toContainText('-5 000 → 125 000');
  await expect(historyRows.nth(2)).toContainText('(пусто) → -5 000');
  await e.screenshot({ path: join(shots, 'cell-history.png') });
  await e.keyboard.press('Escape');
  await expect(history).toBeHidden();

  // --- A new «Уточнение» version starts from the approved figures.
  await e.getByTestId('wf-new-version').click();
  await e.getByTestId('new-version-dialog').getByRole('button', { name: /Создать новую версию/ }).click();
  await expect.poll(() => e.url()).not.toContain(documentId);
  await waitSynced(e);
  await expect(e.getByTestId('version-label')).toHaveText('Версия 2 · Уточнение');
  await expectCell(e, SHEET, 's144', 'fact', '118 500');
  await expectCell(e, SHEET, 's111', 'fact', '2 400 000');
  await expect(e.locator('.readonly-badge')).toHaveCount(0);
  // History: both versions; the new one equals the approved figures (no changed inputs).
  await e.getByTestId('wf-versions').click();
  await expect(e.getByTestId('versions-table').locator('tbody tr')).toHaveCount(2);
  await expect(e.getByTestId('version-diff')).toContainText('Версия 1 · План (утверждённые данные) → Версия 2 · Уточнение');
  await expect(e.getByTestId('version-diff')).toContainText('Версии совпадают');
  await e.screenshot({ path: join(shots, 'versions.png') });

  for (const s of [economist, curator, approver, admin]) await s.context.close();
});
