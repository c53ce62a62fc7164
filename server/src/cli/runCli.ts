/**
 * The `zhospar` command line (operators and scripts; the HTTP routes come later):
 *
 *   zhospar export <documentId> <file.xlsx> [--lang ru|kk] [--unit tenge|thousand-tenge] [--streaming]
 *   zhospar import <documentId> <file.xlsx> [--lang ru|kk] [--unit …]     preview only, writes nothing
 *   zhospar render <documentId> <file.pdf> [--lang ru|kk] [--sheets summary,f144]   PDF via LibreOffice
 *
 * The database is `DATABASE_URL` (`createPrismaClient`). `import` never writes: a document may be
 * open in the collaboration server, whose in-memory state would overwrite the database; applying
 * belongs to the server (`applyImport` inside the live document).
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '@zhospar/prisma';
import type { PrismaClient } from '@zhospar/prisma';
import { writeWorkbook } from '../export/buildWorkbook.ts';
import type { AmountUnit, ExportLanguage } from '../export/labels.ts';
import { convertWithLibreOffice } from '../export/libreOffice.ts';
import { projectForExport } from '../export/projectForExport.ts';
import { previewImport } from '../import/previewImport.ts';
import { DocumentNotFoundError, loadDocument } from './loadDocument.ts';

/** Where the CLI writes; tests pass collectors. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out(line: string): void;
  err(line: string): void;
  /** Database client factory (default `createPrismaClient(env.DATABASE_URL)`). */
  prisma?: () => PrismaClient;
}

const USAGE = [
  'usage:',
  '  zhospar export <documentId> <file.xlsx> [--lang ru|kk] [--unit tenge|thousand-tenge] [--streaming]',
  '  zhospar import <documentId> <file.xlsx> [--lang ru|kk] [--unit tenge|thousand-tenge]   (preview, writes nothing)',
  '  zhospar render <documentId> <file.pdf>  [--lang ru|kk] [--sheets summary,f144]',
].join('\n');

interface Parsed {
  command: string;
  args: string[];
  lang: ExportLanguage;
  unit: AmountUnit;
  streaming: boolean;
  sheets: string[] | null;
}

function parse(argv: readonly string[]): Parsed | string {
  const args: string[] = [];
  const parsed: Parsed = { command: '', args, lang: 'ru', unit: 'tenge', streaming: false, sheets: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    if (a === '--lang') {
      const v = value();
      if (v !== 'ru' && v !== 'kk') return `--lang must be ru or kk`;
      parsed.lang = v;
    } else if (a === '--unit') {
      const v = value();
      if (v !== 'tenge' && v !== 'thousand-tenge') return `--unit must be tenge or thousand-tenge`;
      parsed.unit = v;
    } else if (a === '--streaming') parsed.streaming = true;
    else if (a === '--sheets') parsed.sheets = (value() ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else args.push(a);
  }
  parsed.command = args.shift() ?? '';
  if (!['export', 'import', 'render'].includes(parsed.command)) return parsed.command ? `unknown command ${parsed.command}` : 'no command';
  if (args.length !== 2) return `${parsed.command} needs <documentId> <file>`;
  return parsed;
}

/** Runs the CLI; resolves with the process exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    io.err(`zhospar: ${parsed}\n${USAGE}`);
    return 2;
  }
  const url = io.env['DATABASE_URL'];
  if (!io.prisma && !url) {
    io.err('zhospar: DATABASE_URL is not set');
    return 2;
  }
  const prisma = io.prisma ? io.prisma() : createPrismaClient(url as string);
  try {
    const [documentId = '', file = ''] = parsed.args;
    const loaded = await loadDocument(prisma, documentId);
    const projection = projectForExport(loaded.doc);
    if (parsed.command === 'import') {
      const bytes = await fs.readFile(file);
      const result = await previewImport(bytes, projection, { documentId, unit: parsed.unit });
      if (!result.ok) {
        io.err(result.error.message[parsed.lang]);
        return 1;
      }
      const p = result.preview;
      for (const r of p.newRows) io.out(`+ row ${r.sheetId}/${r.rowId} (file row ${r.fileRow})`);
      for (const c of p.changes) io.out(`${c.cell}\t${c.sheetId}/${c.rowId}/${c.colId}\t${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
      for (const w of p.warnings) io.out(`! ${w.message[parsed.lang]}`);
      io.out(`${p.changes.length} cell change(s), ${p.newRows.length} new row(s), ${p.warnings.length} warning(s); nothing written`);
      return 0;
    }
    const input = {
      meta: loaded.meta,
      projection,
      parameters: loaded.parameters,
      lang: parsed.lang,
      unit: parsed.unit,
      exportedAt: new Date(),
    };
    if (parsed.command === 'export') {
      const summary = await writeWorkbook(input, createWriteStream(file), { streaming: parsed.streaming ? 'always' : 'auto' });
      io.out(
        `${file}: ${summary.sheets} sheet(s), ${summary.cells} cell(s), ${summary.formulas} formula(s)` +
          `${summary.streaming ? ', streamed' : ''}; controls: ${summary.controls.errors} error(s), ${summary.controls.warnings} warning(s)`,
      );
      return 0;
    }
    // render: the workbook with only the chosen sheets visible, printed to PDF by LibreOffice.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-render-'));
    try {
      const xlsx = path.join(dir, `${path.basename(file, path.extname(file))}.xlsx`);
      await writeWorkbook(input, createWriteStream(xlsx), parsed.sheets ? { printSheets: parsed.sheets } : {});
      const [pdf] = await convertWithLibreOffice([xlsx], 'pdf', { locale: parsed.lang === 'kk' ? 'kk-KZ' : 'ru-RU' });
      await fs.copyFile(pdf as string, file);
      await fs.rm(path.dirname(path.dirname(pdf as string)), { recursive: true, force: true });
      io.out(file);
      return 0;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof DocumentNotFoundError) {
      io.err(`zhospar: document ${error.documentId} not found`);
      return 1;
    }
    io.err(`zhospar: ${(error as Error).message}`);
    return 1;
  } finally {
    await prisma.$disconnect();
  }
}
