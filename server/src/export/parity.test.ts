/**
 * Parity of the export with an independent spreadsheet (issues 3 §5 and 6): documents are exported
 * with live formulas, LibreOffice Calc recalculates them on load (forced by its profile; a canary
 * workbook whose cached value is wrong on purpose proves it did), and every calculated cell must
 * equal the value of `formulas` within 1e-6 relative. One LibreOffice start converts all files.
 */
import { existsSync } from 'node:fs';
import { deleteRow, insertRow, setCell } from '@zhospar/collab';
import { createDocumentEngine } from '@zhospar/formulas';
import type { CellValue, DocumentEngine } from '@zhospar/formulas';
import { DEMO_PARAMETERS, getTemplate, listTemplates } from '@zhospar/sheets';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { previewImport } from '../import/previewImport.ts';
import { readManifest, readSheetIds } from '../import/readManifest.ts';
import { buildWorkbook } from './buildWorkbook.ts';
import { readXlsx } from './ExcelJsReader.ts';
import { LOCALC, recalculateWithLibreOffice } from './libreOffice.ts';
import { formulaOf, planSheet } from './sheetPlan.ts';
import type { ReadWorkbook } from './SpreadsheetReader.ts';
import { projectForExport } from './projectForExport.ts';
import { buildFilledDocument, INJECTION_PROBES } from './test/fillDocument.ts';
import { exportMeta } from './test/exportMeta.ts';

interface Case {
  name: string;
  doc: Y.Doc;
  engine: DocumentEngine;
  bytes: Buffer;
  recalculated?: ReadWorkbook;
  recalculatedBytes?: Buffer;
}

function recalculatedBytes(c: Case): Buffer {
  if (!c.recalculatedBytes) throw new Error('not recalculated');
  return c.recalculatedBytes;
}

function engineFor(doc: Y.Doc): DocumentEngine {
  const projection = projectForExport(doc);
  return createDocumentEngine({
    sheets: projection.sheets.map((s) => ({ sheetId: s.sheetId, templateId: s.templateId, rows: s.rows.map((r) => r.rowId), cells: s.cells })),
    parameters: DEMO_PARAMETERS,
  });
}

/** A filled budget request (summary + every calculation form) edited the way people do. */
function budgetRequest(): Y.Doc {
  const forms = listTemplates().filter((t) => t.documentKind === 'budget-request');
  const { doc } = buildFilledDocument({ seed: 7, rowsPerSheet: 6, templates: forms });
  // A deleted row (its cells stay in the doc and must not count), a row moved to the front by
  // inserting before, and one form emptied to its placeholder row.
  deleteRow(doc, 'f144', 'f144-r2');
  insertRow(doc, 'f111', 'f111-new', { after: null });
  setCell(doc, { sheetId: 'f111', rowId: 'f111-new', colId: 'staff_units' }, 2.5);
  setCell(doc, { sheetId: 'f111', rowId: 'f111-new', colId: 'salary_factor' }, 3.17);
  setCell(doc, { sheetId: 'f111', rowId: 'f111-new', colId: 'months' }, 12);
  for (let i = 1; i <= 6; i++) deleteRow(doc, 'f169', `f169-r${i}`);
  return doc;
}

/** A canary: a formula whose cached value is wrong; a recalculating spreadsheet fixes it to 6. */
async function canary(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('canary');
  ws.getCell('A1').value = 2;
  ws.getCell('A2').value = { formula: 'A1*3', result: 999 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function close(actual: unknown, expected: CellValue): boolean {
  if (expected === null) return actual === null || actual === 0 || actual === '';
  if (typeof expected === 'number') {
    return typeof actual === 'number' && Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  }
  if (typeof expected === 'object') return typeof actual === 'object' && actual !== null && 'error' in actual;
  return actual === expected;
}

/**
 * Every calculated cell of every document sheet: LibreOffice's value next to the engine's.
 * Cells are found through the ids the file carries (hidden id row and column), so this also
 * proves the ids survive a save by another spreadsheet.
 */
function compare(c: Case): { compared: number; sheets: Set<string>; mismatches: string[] } {
  const wb = c.recalculated;
  if (!wb) throw new Error('not recalculated');
  const manifest = readManifest(wb);
  if (!manifest) throw new Error('manifest lost in LibreOffice');
  const mismatches: string[] = [];
  const sheets = new Set<string>();
  let compared = 0;
  const projection = projectForExport(c.doc);
  for (const s of projection.sheets) {
    const template = getTemplate(s.templateId);
    const entry = manifest.sheets.find((m) => m.sheetId === s.sheetId);
    const ws = wb.sheets.find((w) => w.name === entry?.worksheet);
    if (!template || !entry || !ws) throw new Error(`sheet ${s.sheetId} missing`);
    const ids = readSheetIds(ws);
    const colAt = new Map([...ids.cols].map(([col, id]) => [id, col]));
    const rowAt = new Map([...ids.rows].map(([row, id]) => [id, row]));
    const plan = planSheet(s.sheetId, template, entry.worksheet, s.rows.map((r) => r.rowId));
    for (const row of plan.rows) {
      if (!row.rowId) continue;
      template.columns.forEach((col, j) => {
        if (formulaOf(row, j, template) === undefined) return;
        const expected = c.engine.getValue({ sheetId: s.sheetId, rowId: row.rowId as string, colId: col.id });
        const r = rowAt.get(row.rowId as string);
        const k = colAt.get(col.id);
        const cell = r !== undefined && k !== undefined ? ws.cell(r, k) : undefined;
        const actual = cell?.value ?? null;
        compared++;
        sheets.add(s.sheetId);
        if (!cell?.formula) mismatches.push(`${s.sheetId}/${row.rowId}/${col.id}: not a formula after LibreOffice`);
        else if (!close(actual, expected)) {
          mismatches.push(`${s.sheetId}/${row.rowId}/${col.id} (${cell.formula}): LibreOffice ${JSON.stringify(actual)} ≠ formulas ${JSON.stringify(expected)}`);
        }
      });
    }
  }
  return { compared, sheets, mismatches };
}

/** Calculated cells of a document according to the engine (independent of the export's layout). */
function calculatedCount(engine: DocumentEngine): number {
  return engine.snapshot().sheets.reduce((n, s) => n + Object.values(s.calculated).reduce((m, row) => m + Object.keys(row).length, 0), 0);
}

describe('export parity with LibreOffice Calc', () => {
  const cases: Case[] = [];
  let canaryAfter: ReadWorkbook;

  beforeAll(async () => {
    if (!existsSync(LOCALC)) {
      throw new Error(`LibreOffice Calc is required for the parity test and is missing at ${LOCALC}: sudo apt-get install -y libreoffice-calc (pnpm test installs it)`);
    }
    const all = buildFilledDocument({ rowsPerSheet: 4 }).doc;
    const br = budgetRequest();
    for (const [name, doc] of [
      ['all-templates', all],
      ['budget-request', br],
    ] as const) {
      const engine = engineFor(doc);
      const bytes = await buildWorkbook({ meta: exportMeta(), projection: projectForExport(doc), parameters: DEMO_PARAMETERS, engine, lang: 'ru' });
      cases.push({ name, doc, engine, bytes });
    }
    // The streamed form of large documents: shared formulas in dynamic blocks, rows written as XML.
    const streamedEngine = engineFor(all);
    const streamed = await buildWorkbook(
      { meta: exportMeta(), projection: projectForExport(all), parameters: DEMO_PARAMETERS, engine: streamedEngine, lang: 'ru' },
      { streaming: 'always' },
    );
    cases.push({ name: 'all-templates-streamed', doc: all, engine: streamedEngine, bytes: streamed });
    const out = await recalculateWithLibreOffice([...cases.map((c) => ({ name: c.name, bytes: c.bytes })), { name: 'canary', bytes: await canary() }]);
    for (const [i, c] of cases.entries()) {
      c.recalculatedBytes = out[i] as Buffer;
      c.recalculated = await readXlsx(c.recalculatedBytes);
    }
    canaryAfter = await readXlsx(out[cases.length] as Buffer);
  }, 180_000);

  it('LibreOffice really recalculated on load (canary cached 999, recalculated 2 × 3 = 6)', () => {
    expect(canaryAfter.sheets[0]?.cell(2, 1)?.value).toBe(6);
  });

  it('every calculated cell of EVERY template equals formulas (1e-6 relative)', () => {
    const c = cases.find((x) => x.name === 'all-templates') as Case;
    const { compared, sheets, mismatches } = compare(c);
    expect(mismatches).toEqual([]);
    expect([...sheets].sort()).toEqual(listTemplates().map((t) => t.defaultSheetId).sort());
    // Exactly the engine's calculated cells (its snapshot lists each once), and a real workload.
    expect(compared).toBe(calculatedCount(c.engine));
    expect(compared).toBeGreaterThan(500);
  });

  it('the streamed file (shared formulas, rows written directly) equals formulas in every calculated cell too', async () => {
    const c = cases.find((x) => x.name === 'all-templates-streamed') as Case;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(c.bytes as unknown as ArrayBuffer);
    let shared = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
      if (typeof cell.value === 'object' && cell.value !== null && 'sharedFormula' in cell.value) shared++;
    })));
    expect(shared).toBeGreaterThan(100);
    const { compared, mismatches } = compare(c);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(calculatedCount(c.engine));
  });

  it('issue 3 §5: a filled budget request recalculated by LibreOffice equals formulas in every calculated cell', () => {
    const c = cases.find((x) => x.name === 'budget-request') as Case;
    const { compared, mismatches } = compare(c);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(calculatedCount(c.engine));
    // The summary's plan year 1 total is Σ of the forms' totals, and not zero.
    const total = c.engine.getValue({ sheetId: 'summary', rowId: 'total', colId: 'plan1' });
    expect(typeof total === 'number' && total > 0).toBe(true);
  });

  it('a file re-saved by LibreOffice imports back with no changes (ids survive another spreadsheet)', async () => {
    for (const c of cases) {
      const bytes = recalculatedBytes(c);
      const result = await previewImport(bytes, projectForExport(c.doc), {});
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.preview.changes).toEqual([]);
      expect(result.preview.newRows).toEqual([]);
      expect(result.preview.sheets.every((s) => s.matchedBy === 'ids')).toBe(true);
    }
  });

  it.each(['all-templates', 'all-templates-streamed'])('formula-looking text stays text after LibreOffice loads and re-saves the file (%s)', (name) => {
    const wb = cases.find((c) => c.name === name)?.recalculated as ReadWorkbook;
    // A CR is stored as LF (XML readers normalise it anyway); everything else is kept verbatim.
    const probes = INJECTION_PROBES.map((p) => p.replace(/\r\n?/g, '\n'));
    const found = new Map<string, boolean>();
    for (const ws of wb.sheets) {
      for (let r = 1; r <= ws.rowCount; r++) {
        for (const cell of ws.row(r).values()) {
          if (typeof cell.value === 'string' && probes.includes(cell.value)) found.set(cell.value, !cell.formula);
        }
      }
    }
    // Every probe was written somewhere, and none became a formula.
    expect([...found.keys()].sort()).toEqual([...probes].sort());
    expect([...found.values()].every(Boolean)).toBe(true);
  });
});
