import zlib from 'node:zlib';
import { deleteRow, getCell, insertRow, setCell, validateUpdate } from '@zhospar/collab';
import { createDocumentEngine } from '@zhospar/formulas';
import { DEMO_PARAMETERS, listTemplates } from '@zhospar/sheets';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildWorkbook } from '../export/buildWorkbook.ts';
import { projectForExport, schemaLookup } from '../export/projectForExport.ts';
import { exportMeta } from '../export/test/exportMeta.ts';
import { buildFilledDocument } from '../export/test/fillDocument.ts';
import { applyImport, importUpdate } from './applyImport.ts';
import { previewImport } from './previewImport.ts';
import type { ImportOptions, ImportPreview, ImportResult } from './previewImport.ts';

const DOC_ID = exportMeta().documentId;

function filled(): Y.Doc {
  const forms = listTemplates().filter((t) => t.documentKind === 'budget-request' || t.id === 'pkfo/1@2025');
  return buildFilledDocument({ seed: 11, rowsPerSheet: 3, templates: forms }).doc;
}

async function exportOf(doc: Y.Doc, unit: 'tenge' | 'thousand-tenge' = 'tenge'): Promise<Buffer> {
  return buildWorkbook({ meta: exportMeta(), projection: projectForExport(doc), parameters: DEMO_PARAMETERS, lang: 'ru', unit });
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Row and column of a stable cell in an exported worksheet, through its hidden ids. */
function find(ws: ExcelJS.Worksheet, rowId: string, colId: string): ExcelJS.Cell {
  let col = 0;
  let idCol = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === colId) col = n;
    if (c.value === '__rowId') idCol = n;
  });
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(idCol).value === rowId) row = n;
  });
  if (!row || !col) throw new Error(`cell ${rowId}/${colId} not found`);
  return ws.getCell(row, col);
}

async function preview(bytes: Uint8Array, doc: Y.Doc, options: ImportOptions = {}): Promise<ImportPreview> {
  let n = 0;
  const result = await previewImport(bytes, projectForExport(doc), { documentId: DOC_ID, newRowId: () => `new-${++n}`, ...options });
  if (!result.ok) throw new Error(`refused: ${result.error.message.ru}`);
  return result.preview;
}

function refused(result: ImportResult): { code: string; ru: string; kk: string } {
  if (result.ok) throw new Error('expected the file to be refused');
  return { code: result.error.code, ru: result.error.message.ru, kk: result.error.message.kk };
}

describe('previewImport — files in the export layout', () => {
  it('an unedited export imports back with no changes and no warnings', async () => {
    const doc = filled();
    const p = await preview(await exportOf(doc), doc);
    expect(p.changes).toEqual([]);
    expect(p.newRows).toEqual([]);
    expect(p.warnings).toEqual([]);
    expect(p.sheets.every((s) => s.matchedBy === 'ids')).toBe(true);
    expect(p.fileDocumentId).toBe(DOC_ID);
  });

  it('lists edited inputs old → new, converts Excel percents, locale texts and numeric codes', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const f144 = wb.getWorksheet('01-144') as ExcelJS.Worksheet;
    const old = getCell(doc, { sheetId: 'f144', rowId: 'f144-r1', colId: 'mileage' });
    find(f144, 'f144-r1', 'mileage').value = 25_000;
    // 20 % typed in Excel is stored as 0.2 with a percent format; the column holds points.
    const pct = find(f144, 'f144-r1', 'winter_pct');
    pct.value = 0.2;
    pct.style = { ...pct.style, numFmt: '0%' }; // a new style object: loaded cells share theirs
    find(f144, 'f144-r2', 'price').value = '1 234,56';
    find(f144, 'f144-r2', 'fuel_kind').value = 92;
    find(f144, 'f144-r3', 'model').value = '=HYPERLINK("x")';
    const p = await preview(await save(wb), doc);
    const byCol = new Map(p.changes.map((c) => [`${c.rowId}/${c.colId}`, c]));
    expect(byCol.get('f144-r1/mileage')).toMatchObject({ sheetId: 'f144', old, new: 25_000 });
    expect(byCol.get('f144-r1/winter_pct')?.new).toBe(20);
    expect(byCol.get('f144-r2/price')?.new).toBe(1234.56);
    expect(byCol.get('f144-r2/fuel_kind')?.new).toBe('92');
    // Formula-looking text is imported as the text it is.
    expect(byCol.get('f144-r3/model')?.new).toBe('=HYPERLINK("x")');
    expect(p.changes.map((c) => `${c.rowId}/${c.colId}`)).toEqual(['f144-r1/mileage', 'f144-r1/winter_pct', 'f144-r2/fuel_kind', 'f144-r2/price', 'f144-r3/model']);
    expect(byCol.get('f144-r1/mileage')?.cell).toMatch(/^'01-144'!F\d+$/);
  });

  it('ignores values typed over calculated cells and invalid values, with ru/kk warnings', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const f144 = wb.getWorksheet('01-144') as ExcelJS.Worksheet;
    find(f144, 'f144-r1', 'amount').value = 1; // a constant over a formula
    find(f144, 'total', 'amount').value = 2;
    find(f144, 'f144-r2', 'mileage').value = 'много';
    find(f144, 'f144-r3', 'fuel_kind').value = 'A-95'; // codes are digits
    const p = await preview(await save(wb), doc);
    expect(p.changes).toEqual([]);
    const codes = p.warnings.map((w) => w.code).sort();
    expect(codes).toEqual(['calculated-ignored', 'calculated-ignored', 'invalid-value', 'invalid-value']);
    const invalid = p.warnings.find((w) => w.code === 'invalid-value');
    expect(invalid?.message.ru).toContain('«много»');
    expect(invalid?.message.kk).toContain('«много»');
    expect(invalid?.message.kk).not.toBe(invalid?.message.ru);
  });

  it('adds rows inserted inside the table, never deletes missing ones, and copies of a row become new rows', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const f144 = wb.getWorksheet('01-144') as ExcelJS.Worksheet;
    const r2 = Number(find(f144, 'f144-r2', 'vehicle').row);
    const vehicleCol = Number(find(f144, 'f144-r2', 'vehicle').col);
    const mileageCol = Number(find(f144, 'f144-r2', 'mileage').col);
    const idCol = f144.getRow(1).values as unknown[];
    const idColumn = idCol.indexOf('__rowId');
    // A new row typed between r1 and r2 (no id), and a copy of r1 (same hidden id) below r3.
    f144.spliceRows(r2, 0, []);
    f144.getCell(r2, vehicleCol).value = '777 ABC 01';
    f144.getCell(r2, mileageCol).value = 12_000;
    const r3 = Number(find(f144, 'f144-r3', 'vehicle').row);
    f144.spliceRows(r3 + 1, 0, []);
    f144.getCell(r3 + 1, vehicleCol).value = 'копия';
    f144.getCell(r3 + 1, idColumn).value = 'f144-r1';
    // The row of r2 removed from the file: the document keeps it.
    const p = await preview(await save(wb), doc);
    expect(p.newRows).toEqual([
      { sheetId: 'f144', rowId: 'new-1', after: 'f144-r1', fileRow: r2 },
      { sheetId: 'f144', rowId: 'new-2', after: 'f144-r3', fileRow: r3 + 1 },
    ]);
    expect(p.changes.filter((c) => c.rowId === 'new-1').map((c) => [c.colId, c.new])).toEqual([
      ['vehicle', '777 ABC 01'],
      ['mileage', 12_000],
    ]);
    expect(p.warnings.map((w) => w.code)).toContain('duplicate-row-id');
  });

  it('applies a preview as ONE Yjs transaction and the engine sees the new values', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const f144 = wb.getWorksheet('01-144') as ExcelJS.Worksheet;
    const r2 = Number(find(f144, 'f144-r2', 'vehicle').row);
    f144.spliceRows(r2, 0, []);
    const cell = (colId: string): ExcelJS.Cell => f144.getCell(r2, Number(find(f144, 'f144-r1', colId).col));
    cell('vehicle').value = '777 ABC 01';
    cell('fuel_norm').value = 10;
    cell('mileage').value = 12_000;
    cell('months').value = 12;
    cell('price').value = 250;
    const p = await preview(await save(wb), doc);
    let updates = 0;
    doc.on('update', () => updates++);
    const result = applyImport(doc, p, 'import');
    expect(result).toEqual({ ok: true, changedCells: 5, addedRows: 1 });
    expect(updates).toBe(1);
    const projection = projectForExport(doc);
    const f = projection.sheets.find((s) => s.sheetId === 'f144');
    expect(f?.rows.map((r) => r.rowId)).toEqual(['f144-r1', 'new-1', 'f144-r2', 'f144-r3']);
    const engine = createDocumentEngine({
      sheets: projection.sheets.map((s) => ({ sheetId: s.sheetId, templateId: s.templateId, rows: s.rows.map((r) => r.rowId), cells: s.cells })),
      parameters: DEMO_PARAMETERS,
    });
    // litres = 10/100 × 12 000/12 × (12 + 0 winter months) = 1 200; amount = 1 200 × 250 = 300 000.
    expect(engine.getValue({ sheetId: 'f144', rowId: 'new-1', colId: 'litres' })).toBe(1200);
    expect(engine.getValue({ sheetId: 'f144', rowId: 'new-1', colId: 'amount' })).toBe(300_000);
    engine.destroy();
  });

  it('refuses to apply when a colleague changed a cell since the preview (nothing applied)', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    find(wb.getWorksheet('01-144') as ExcelJS.Worksheet, 'f144-r1', 'mileage').value = 25_000;
    find(wb.getWorksheet('01-144') as ExcelJS.Worksheet, 'f144-r2', 'mileage').value = 26_000;
    const p = await preview(await save(wb), doc);
    setCell(doc, { sheetId: 'f144', rowId: 'f144-r1', colId: 'mileage' }, 31_000);
    deleteRow(doc, 'f144', 'f144-r2');
    const before = Y.encodeStateVector(doc);
    const result = applyImport(doc, p);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.conflicts.map((c) => c.reason).sort()).toEqual(['cell-changed', 'row-deleted']);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('importUpdate gives one update that collab validation accepts and that equals applyImport', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const f144 = wb.getWorksheet('01-144') as ExcelJS.Worksheet;
    find(f144, 'f144-r1', 'mileage').value = 25_000;
    const r2 = Number(find(f144, 'f144-r2', 'vehicle').row);
    f144.spliceRows(r2, 0, []);
    f144.getCell(r2, Number(find(f144, 'f144-r1', 'vehicle').col)).value = 'новый';
    const p = await preview(await save(wb), doc);
    const update = importUpdate(doc, p);
    expect(update).not.toBeNull();
    const verdict = validateUpdate(doc, update as Uint8Array, schemaLookup());
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.changes.map((c) => c.type).sort()).toEqual(['cell', 'cell', 'row-insert']);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, update as Uint8Array);
    applyImport(copy, p);
    expect(projectForExport(copy)).toEqual(projectForExport(doc));
  });

  it('reads a file exported in Kazakh the same way', async () => {
    const doc = filled();
    const bytes = await buildWorkbook({ meta: exportMeta(), projection: projectForExport(doc), parameters: DEMO_PARAMETERS, lang: 'kk' });
    const p = await preview(bytes, doc);
    expect(p.changes).toEqual([]);
    expect(p.warnings).toEqual([]);
  });

  it('warns when the file comes from another document', async () => {
    const doc = filled();
    const p = await preview(await exportOf(doc), doc, { documentId: '00000000-0000-4000-8000-000000000000' });
    expect(p.warnings.map((w) => w.code)).toEqual(['other-document']);
  });
});

describe('previewImport — hand-made files (no ids): columns by titles, rows by codes', () => {
  it('PKFO-1 typed by hand: line codes find the rows, titles find the columns', async () => {
    const doc = filled();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Баланс');
    ws.addRow(['Прогнозный консолидированный отчет о финансовом положении']);
    ws.addRow([]);
    ws.addRow(['Наименование', 'Код', 'Факт', 'Оценка', 'Прогноз 1', 'Прогноз 2', 'Прогноз 3']);
    ws.addRow(['Денежные средства и их эквиваленты', '010', 100.5, 200, 300, 400, 500]);
    ws.addRow(['Запасы', '019', 1, 2, 3, 4, 5]);
    ws.addRow(['Итого краткосрочных активов', '100', 999, 999, 999, 999, 999]);
    const p = await preview(await save(wb), doc);
    expect(p.sheets).toEqual([{ sheetId: 'pkfo1', worksheet: 'Баланс', matchedBy: 'titles' }]);
    const r010 = p.changes.filter((c) => c.rowId === 'r010').map((c) => [c.colId, c.new]);
    expect(r010).toEqual([
      ['fact', 100.5],
      ['estimate', 200],
      ['forecast1', 300],
      ['forecast2', 400],
      ['forecast3', 500],
    ]);
    expect(p.changes.filter((c) => c.rowId === 'r019')).toHaveLength(5);
    // Row 100 is a total: typed values are ignored with a warning each.
    expect(p.warnings.filter((w) => w.code === 'calculated-ignored')).toHaveLength(5);
    expect(p.warnings.map((w) => w.code)).toContain('matched-by-titles');
  });

  it('a calculation form typed by hand: its rows become new rows', async () => {
    const doc = filled();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('01-144');
    ws.addRow(['№', 'Транспортное средство (гос. номер)', 'Марка, модель', 'Вид топлива', 'Норма расхода, л/100 км', 'Лимит пробега, км в год', 'Количество месяцев эксплуатации', 'Цена 1 литра, тенге']);
    ws.addRow([1, '123 AAA 01', 'Toyota Camry', '92', 9.5, 20_000, 12, 250]);
    ws.addRow([2, '456 BBB 01', 'Lada Vesta', '92', 8.1, 15_000, 12, 250]);
    ws.addRow([]);
    ws.addRow(['Руководитель']);
    const p = await preview(await save(wb), doc);
    expect(p.newRows.map((r) => [r.rowId, r.after])).toEqual([
      ['new-1', null],
      ['new-2', 'new-1'],
    ]);
    expect(p.changes.filter((c) => c.rowId === 'new-2').map((c) => [c.colId, c.new])).toEqual([
      ['vehicle', '456 BBB 01'],
      ['model', 'Lada Vesta'],
      ['fuel_kind', '92'],
      ['fuel_norm', 8.1],
      ['mileage', 15_000],
      ['months', 12],
      ['price', 250],
    ]);
    // The document's own rows are not in the file: kept, with a warning.
    expect(p.warnings.map((w) => w.code)).toContain('row-missing');
  });
});

describe('previewImport — refused files change nothing', () => {
  async function expectRefused(bytes: Uint8Array, code: string, options: ImportOptions = {}): Promise<void> {
    const doc = filled();
    const before = Y.encodeStateAsUpdate(doc);
    const r = refused(await previewImport(bytes, projectForExport(doc), options));
    expect(r.code).toBe(code);
    expect(r.ru.length).toBeGreaterThan(20);
    expect(r.kk.length).toBeGreaterThan(20);
    expect(r.kk).not.toBe(r.ru);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  }

  it('not a zip (a text file, a PDF header)', async () => {
    await expectRefused(Buffer.from('Программа;Сумма\n001;100\n'), 'not-xlsx');
    await expectRefused(Buffer.from('%PDF-1.7\n%…'), 'not-xlsx');
  });

  it('a zip that is not a workbook, and a truncated workbook', async () => {
    const doc = filled();
    const good = await exportOf(doc);
    await expectRefused(good.subarray(0, Math.floor(good.length / 2)), 'not-xlsx');
    await expectRefused(zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }]), 'not-xlsx');
  });

  it('password-protected (OLE compound file D0 CF 11 E0 …) and legacy .xls', async () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    await expectRefused(ole, 'encrypted');
  });

  it('oversized: over the byte limit, and a ZIP bomb whose entry inflates past its declared size', async () => {
    await expectRefused(Buffer.alloc(21 * 1024 * 1024, 1), 'too-large');
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.alloc(50 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefused(bomb, 'too-large');
  });

  it('too many cells for the limit', async () => {
    const doc = filled();
    await expectRefused(await exportOf(doc), 'too-many-cells', { limits: { maxCells: 100 } });
  });

  it('wrong template: another edition of a form, or a workbook with no form of the document', async () => {
    const doc = filled();
    const wb = await load(await exportOf(doc));
    const ids = wb.getWorksheet('__zhospar') as ExcelJS.Worksheet;
    ids.eachRow((row) => {
      if (row.getCell(1).value === 'sheet' && row.getCell(3).value === 'f144') row.getCell(4).value = 'budget-request/144@2023-01';
    });
    await expectRefused(await save(wb), 'wrong-template');
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Лист1').addRow(['Отчет о закупках', 1, 2, 3]);
    await expectRefused(await save(other), 'wrong-template');
  });

  it('amounts in тыс. тенге into a document in тенге', async () => {
    const doc = filled();
    await expectRefused(await exportOf(doc, 'thousand-tenge'), 'unit-mismatch', { unit: 'tenge' });
  });
});

/** A minimal ZIP (deflate) writer for hostile test files; `declaredSize` lies about an entry's size. */
function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = zlib.deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// Keep the helpers honest: the fixture has dynamic rows to edit.
it('fixture: f144 has three rows', () => {
  const doc = filled();
  insertRow(doc, 'f144', 'extra');
  expect(projectForExport(doc).sheets.find((s) => s.sheetId === 'f144')?.rows.map((r) => r.rowId)).toEqual(['f144-r1', 'f144-r2', 'f144-r3', 'extra']);
});
