/**
 * Dev tool: renders a realistic budget request (summary, forms 01-111 and 01-144) to PDF with
 * LibreOffice and to PNG with `pdftoppm` (Debian poppler-utils), to look at the printed forms.
 * Usage: tsx src/export/test/renderSample.ts <outDir> [ru|kk]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEMO_PARAMETERS } from '@zhospar/sheets';
import { buildWorkbook } from '../buildWorkbook.ts';
import { convertWithLibreOffice } from '../libreOffice.ts';
import { projectForExport } from '../projectForExport.ts';
import { exportMeta } from './exportMeta.ts';
import { sampleBudgetRequest } from './sampleBudgetRequest.ts';

const outDir = path.resolve(process.argv[2] ?? '.tmp');
const lang = process.argv[3] === 'kk' ? 'kk' : 'ru';

const doc = sampleBudgetRequest();
const bytes = await buildWorkbook(
  { meta: exportMeta(), projection: projectForExport(doc), parameters: DEMO_PARAMETERS, lang },
  { printSheets: ['summary', 'f111', 'f144'] },
);
await fs.mkdir(outDir, { recursive: true });
const xlsx = path.join(outDir, `sample-${lang}.xlsx`);
await fs.writeFile(xlsx, bytes);
const [pdf] = await convertWithLibreOffice([xlsx], 'pdf', { locale: lang === 'kk' ? 'kk-KZ' : 'ru-RU' });
const target = path.join(outDir, `sample-${lang}.pdf`);
await fs.copyFile(pdf as string, target);
execFileSync('pdftoppm', ['-r', '110', '-png', target, path.join(outDir, `sample-${lang}`)]);
console.log((await fs.readdir(outDir)).filter((f) => f.startsWith(`sample-${lang}`)).join('\n'));
