/**
 * LibreOffice Calc as an independent spreadsheet: converts files headless with a private profile
 * per call (parallel-safe: LibreOffice refuses a second process on one profile) in which formula
 * recalculation on load is forced («Пересчет при загрузке: всегда» —
 * `/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode` and `ODFRecalcMode` = 0). Without
 * it LibreOffice keeps the cached values of an .xlsx and a parity check would prove nothing.
 *
 * Used by the parity and fidelity tests and by `zhospar render` (PDF of a form). Debian package
 * `libreoffice-calc` (`/usr/bin/localc`); the test script installs it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's `libreoffice-calc` puts its launcher. */
export const LOCALC = '/usr/bin/localc';

/** Formats we convert to; `csv` writes the first sheet. */
export type LibreOfficeFormat = 'xlsx' | 'ods' | 'pdf' | 'csv';

/** Options of a conversion. */
export interface ConvertOptions {
  /** Launcher (default `/usr/bin/localc`). */
  binary?: string;
  /** Kill LibreOffice after this long (default 120 s). */
  timeoutMs?: number;
  /** Locale of the profile, e.g. `ru-RU` (number separators in PDFs); default LibreOffice's. */
  locale?: string;
}

/** Error for a missing LibreOffice, with the install command. */
export class LibreOfficeMissingError extends Error {
  constructor(binary: string) {
    super(`LibreOffice Calc not found at ${binary}: install the Debian package (sudo apt-get install -y libreoffice-calc)`);
  }
}

function registry(locale: string | undefined): string {
  const item = (p: string, name: string, type: string, value: string): string =>
    `<item oor:path="${p}"><prop oor:name="${name}" oor:op="fuse"><value>${value}</value></prop></item><!-- ${type} -->`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    // 0 = always recalculate on load (1 = never, 2 = ask).
    item('/org.openoffice.Office.Calc/Formula/Load', 'OOXMLRecalcMode', 'int', '0'),
    item('/org.openoffice.Office.Calc/Formula/Load', 'ODFRecalcMode', 'int', '0'),
    ...(locale ? [item('/org.openoffice.Setup/L10N', 'ooSetupSystemLocale', 'string', locale)] : []),
    '</oor:items>',
  ].join('\n');
}

/**
 * Converts `files` with one LibreOffice start (startup costs seconds; convert many files at once)
 * and returns the converted files' paths, in input order, inside a new temp folder the caller may
 * delete. Formulas are recalculated on load.
 */
export async function convertWithLibreOffice(files: readonly string[], format: LibreOfficeFormat, options: ConvertOptions = {}): Promise<string[]> {
  const binary = options.binary ?? LOCALC;
  if (!existsSync(binary)) throw new LibreOfficeMissingError(binary);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-lo-'));
  const profile = path.join(work, 'profile');
  const out = path.join(work, 'out');
  await fs.mkdir(path.join(profile, 'user'), { recursive: true });
  await fs.mkdir(out);
  await fs.writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), registry(options.locale));
  const filter = format === 'csv' ? 'csv:Text - txt - csv (StarCalc):44,34,76,1' : format;
  await new Promise<void>((resolve, reject) => {
    execFile(
      binary,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        filter,
        '--outdir',
        out,
        ...files,
      ],
      { timeout: options.timeoutMs ?? 120_000, env: { ...process.env, HOME: work } },
      (error, _stdout, stderr) => (error ? reject(new Error(`LibreOffice failed: ${error.message}\n${stderr}`)) : resolve()),
    );
  });
  const results = files.map((f) => path.join(out, `${path.basename(f, path.extname(f))}.${format}`));
  const missing = results.filter((r) => !existsSync(r));
  if (missing.length > 0) throw new Error(`LibreOffice did not write ${missing.join(', ')}`);
  await fs.rm(profile, { recursive: true, force: true });
  return results;
}

/**
 * Recalculates workbooks in LibreOffice: writes them to a temp folder, converts xlsx → xlsx with
 * recalculation forced, returns the re-saved bytes in input order.
 */
export async function recalculateWithLibreOffice(workbooks: ReadonlyArray<{ name: string; bytes: Uint8Array }>, options: ConvertOptions = {}): Promise<Buffer[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-lo-in-'));
  try {
    const files: string[] = [];
    for (const w of workbooks) {
      const file = path.join(dir, `${w.name.replace(/[^A-Za-z0-9_-]/g, '_')}.xlsx`);
      await fs.writeFile(file, w.bytes);
      files.push(file);
    }
    const converted = await convertWithLibreOffice(files, 'xlsx', options);
    const out = await Promise.all(converted.map((f) => fs.readFile(f)));
    await fs.rm(path.dirname(path.dirname(converted[0] ?? dir)), { recursive: true, force: true });
    return out;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
