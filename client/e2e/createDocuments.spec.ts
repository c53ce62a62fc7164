/**
 * Issue 3 ("the same works for an individual financing plan and for a PKFO package"): documents are
 * created from the list by the people who prepare them, the server gives them their forms, and the
 * PKFO forms calculate their totals as people type.
 *
 * ПКФО-1 (DOMAIN.md §3.4): line 100 = Σ(010…023). By hand: 1 200,0 + 300,5 = 1 500,5 тыс. тенге.
 */
import { expect, test } from '@playwright/test';
import { Stack } from './support/processes';
import { USERS, cellDisplay, focusGrid, login, newSession, typeIntoCell, waitSynced } from './support/editor';

const stack = new Stack();
/** Economist of the АБП «Управление образования» (prepares its PKFO). */
const ABP_ECONOMIST = '920305450121';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await stack.start();
});
test.afterAll(async () => {
  await stack.stop();
});

test('an economist creates a financing plan and the АБП economist a PKFO package that calculates', async ({ browser }) => {
  test.setTimeout(180_000);
  const school = await newSession(browser);
  await login(school.page, stack.baseUrl, USERS.economist1.iin);
  await school.page.getByRole('button', { name: /Создать документ/ }).click();
  await school.page.getByLabel('Индивидуальный план финансирования').check();
  await school.page.getByRole('button', { name: 'Создать', exact: true }).click();
  await waitSynced(school.page);
  expect(await school.page.evaluate(() => window.__zhospar?.sheetIds() ?? [])).toEqual(expect.arrayContaining(['payments', 'obligations']));

  // The same again: one plan per program and round, said in words.
  await school.page.goto(`${stack.baseUrl}/#/`);
  await school.page.getByRole('button', { name: /Создать документ/ }).click();
  await school.page.getByLabel('Индивидуальный план финансирования').check();
  await school.page.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(school.page.getByRole('alert')).toContainText('уже создан');

  const abp = await newSession(browser);
  await login(abp.page, stack.baseUrl, ABP_ECONOMIST);
  await abp.page.getByRole('button', { name: /Создать документ/ }).click();
  await abp.page.getByLabel(/ПКФО/).check();
  await abp.page.getByRole('button', { name: 'Создать', exact: true }).click();
  await waitSynced(abp.page);
  expect(await abp.page.evaluate(() => window.__zhospar?.sheetIds() ?? [])).toEqual(
    expect.arrayContaining(['pkfo1', 'pkfo2', 'pkfo3', 'pkfo4', 'pkfo_t4']),
  );
  await focusGrid(abp.page);
  await typeIntoCell(abp.page, 'pkfo1', 'r010', 'fact', '1200');
  await typeIntoCell(abp.page, 'pkfo1', 'r019', 'fact', '300,5');
  await expect.poll(() => cellDisplay(abp.page, 'pkfo1', 'r100', 'fact')).toMatch(/1\s?500,5/);
  await school.context.close();
  await abp.context.close();
});
