import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { initDocument, setCell } from '@zhospar/collab';
import { createTestDatabase, seedDemoData, toBytes } from '@zhospar/prisma';
import type { TestDatabase } from '@zhospar/prisma';
import { defaultSheetsFor } from '@zhospar/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readXlsx } from '../export/ExcelJsReader.ts';
import { readManifest } from '../import/readManifest.ts';
import { runCli } from './runCli.ts';

describe('zhospar CLI against PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;
  let documentId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.prisma);
    const doc = await db.prisma.document.findFirstOrThrow({ where: { kind: 'BUDGET_REQUEST' }, orderBy: { createdAt: 'asc' } });
    documentId = doc.id;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-cli-'));
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env: { DATABASE_URL: db.url }, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('exports a document never opened (no Yjs state): the default sheets of a budget request', async () => {
    const file = path.join(dir, 'fresh.xlsx');
    const r = await run('export', documentId, file);
    expect(r.code).toBe(0);
    const wb = await readXlsx(await fs.readFile(file));
    const manifest = readManifest(wb);
    expect(manifest?.documentId).toBe(documentId);
    expect(manifest?.sheets.map((s) => s.sheetId)).toEqual(['summary', 'f111', 'f144']);
    // The header block names the institution and its administrator from the database.
    const f144 = wb.sheets.find((s) => s.name === '01-144');
    const texts = [...Array(20).keys()].flatMap((r) => [...(f144?.row(r + 1).values() ?? [])].map((c) => String(c.value)));
    expect(texts.some((t) => t.includes('Общеобразовательная школа № 1'))).toBe(true);
    expect(texts.some((t) => t.startsWith('261 Управление образования'))).toBe(true);
    expect(r.out[0]).toContain('3 sheet(s)');
  });

  it('exports the stored Yjs state in Kazakh, and import previews the file as unchanged', async () => {
    const fresh = new Y.Doc();
    initDocument(fresh, { kind: 'budget-request', sheets: defaultSheetsFor('budget-request') });
    setCell(fresh, { sheetId: 'summary', rowId: 's144', colId: 'fact' }, 1_234_567);
    await db.prisma.document.update({ where: { id: documentId }, data: { yjsState: toBytes(Y.encodeStateAsUpdate(fresh)), stateVersion: 1 } });
    const file = path.join(dir, 'kk.xlsx');
    expect((await run('export', documentId, file, '--lang', 'kk')).code).toBe(0);
    const wb = await readXlsx(await fs.readFile(file));
    const summary = wb.sheets.find((s) => s.name === '01-свод');
    const values = [...Array(summary?.rowCount ?? 0).keys()].flatMap((r) => [...(summary?.row(r + 1).values() ?? [])].map((c) => c.value));
    expect(values).toContain(1_234_567);
    expect(values).toContain('Барлық шығыстар');
    const preview = await run('import', documentId, file);
    expect(preview.code).toBe(0);
    expect(preview.out.at(-1)).toBe('0 cell change(s), 0 new row(s), 0 warning(s); nothing written');
  });

  it('fails clearly for an unknown document and for bad usage', async () => {
    const missing = await run('export', '00000000-0000-4000-8000-000000000000', path.join(dir, 'x.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toContain('not found');
    const usage = await run('export', documentId);
    expect(usage.code).toBe(2);
    expect(usage.err.join('\n')).toContain('usage:');
  });
});
