/**
 * Toolbar actions «Экспорт в Excel» and «Импорт из Excel». Export: choose the file's language
 * (ru/kk) and unit (тенге / тыс. тенге), then a background export job with a progress bar
 * (`cellsWritten / totalCells`), then the download. Import: pick an .xlsx, upload it, review the
 * preview cell by cell (form, row, column, old → new), the warnings and new rows, then apply —
 * the server writes one Yjs update that every open editor receives live.
 */
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/apiClient';
import { useErrorText } from '../components/ErrorMessage';
import { useI18n } from '../i18n/I18nProvider';
import { localized } from '../i18n/i18n';
import type { EditorController } from '../univer/EditorController';
import type { ExportJob, ExportLang, ExportUnit, ImportChange, ImportPreview } from './exchangeApi';
import { applyImport, downloadFile, exportJob, startExport, uploadImport } from './exchangeApi';
import { useExchangeT } from './exchangeText';
import './exchange.css';

const LISTED = 500;

function showValue(v: ImportChange['old']): string {
  if (v === null) return '—';
  if (typeof v === 'number') return v.toLocaleString('ru-RU', { maximumFractionDigits: 6 });
  return String(v);
}

export function ExcelActions({ documentId, controller, readOnly }: { documentId: string; controller: EditorController | null; readOnly: boolean }): ReactNode {
  const t = useExchangeT();
  const { lang } = useI18n();
  const errorText = useErrorText();
  const [exportOpen, setExportOpen] = useState(false);
  const [fileLang, setFileLang] = useState<ExportLang>(lang);
  const [unit, setUnit] = useState<ExportUnit>('tenge');
  const [job, setJob] = useState<ExportJob | null>(null);
  const [busy, setBusy] = useState<'export' | 'upload' | 'apply' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (preview !== null && !d.open) d.showModal();
    if (preview === null && d.open) d.close();
  }, [preview]);

  const runExport = async (): Promise<void> => {
    setBusy('export');
    setError(null);
    setDone(null);
    try {
      let current = await startExport(documentId, fileLang, unit);
      setJob(current);
      while (current.status === 'queued' || current.status === 'running') {
        await new Promise((r) => setTimeout(r, 500));
        if (!alive.current) return;
        current = await exportJob(current.jobId);
        setJob(current);
      }
      if (current.status === 'failed') throw new ApiError(500, current.error?.code ?? 'export-failed', current.error?.message ?? null);
      await downloadFile(`/api/exports/${encodeURIComponent(current.jobId)}/file`, current.fileName);
      setDone(t('excel.done'));
      setExportOpen(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
      setJob(null);
    }
  };

  const onFile = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return;
    setBusy('upload');
    setError(null);
    setDone(null);
    try {
      setPreview(await uploadImport(documentId, file));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
      if (fileInput.current !== null) fileInput.current.value = '';
    }
  };

  const apply = async (): Promise<void> => {
    if (preview === null) return;
    setBusy('apply');
    setError(null);
    try {
      const r = await applyImport(documentId, preview.previewId);
      setPreview(null);
      setDone(t('excel.applied', { cells: r.changedCells, rows: r.addedRows }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const describe = (c: ImportChange): { sheet: string; row: string; column: string } => {
    const d = controller?.describeCell(c.sheetId, c.rowId, c.colId) ?? null;
    if (d === null) return { sheet: c.sheetId, row: c.rowId, column: c.colId };
    const row = [d.row.ordinal !== undefined ? String(d.row.ordinal) : d.row.code, d.row.title !== undefined ? localized(lang, d.row.title) : undefined].filter((x) => x !== undefined && x !== '').join(' · ');
    return { sheet: d.formCode, row: row || c.rowId, column: d.column === null ? c.colId : localized(lang, d.column) };
  };

  const progress = job === null ? null : job.status === 'queued' ? t('excel.queued') : job.totalCells > 0 ? t('excel.progress', { done: job.cellsWritten.toLocaleString('ru-RU'), total: job.totalCells.toLocaleString('ru-RU') }) : t('excel.preparing');

  return (
    <span className="excel-actions">
      <span className="excel-export">
        <button type="button" onClick={() => setExportOpen(!exportOpen)} aria-expanded={exportOpen} aria-controls="excel-export-box" data-testid="excel-export">
          ⇩ {t('excel.export')}
        </button>
        {exportOpen && (
          <div id="excel-export-box" className="excel-popover" role="group" aria-label={t('excel.exportTitle')} onKeyDown={(e) => e.key === 'Escape' && setExportOpen(false)}>
            <fieldset>
              <legend>{t('excel.language')}</legend>
              <label>
                <input type="radio" name="excel-lang" checked={fileLang === 'ru'} onChange={() => setFileLang('ru')} /> Русский
              </label>
              <label>
                <input type="radio" name="excel-lang" checked={fileLang === 'kk'} onChange={() => setFileLang('kk')} /> Қазақша
              </label>
            </fieldset>
            <fieldset>
              <legend>{t('excel.unit')}</legend>
              <label>
                <input type="radio" name="excel-unit" checked={unit === 'tenge'} onChange={() => setUnit('tenge')} /> {t('excel.tenge')}
              </label>
              <label>
                <input type="radio" name="excel-unit" checked={unit === 'thousand-tenge'} onChange={() => setUnit('thousand-tenge')} /> {t('excel.thousandTenge')}
              </label>
            </fieldset>
            {job !== null && (
              <div className="excel-progress" data-testid="excel-progress">
                <progress max={Math.max(1, job.totalCells)} value={job.status === 'queued' ? undefined : job.cellsWritten} />
                <span className="small muted" aria-live="polite">
                  {progress}
                </span>
              </div>
            )}
            <div className="excel-popover-actions">
              <button type="button" onClick={() => setExportOpen(false)} disabled={busy === 'export'}>
                {t('excel.cancel')}
              </button>
              <button type="button" className="primary" onClick={() => void runExport()} disabled={busy === 'export'} data-testid="excel-download">
                {t('excel.download')}
              </button>
            </div>
          </div>
        )}
      </span>
      <button type="button" onClick={() => fileInput.current?.click()} disabled={readOnly || busy !== null} title={readOnly ? t('excel.readOnly') : undefined} data-testid="excel-import">
        ⇧ {busy === 'upload' ? t('excel.uploading') : t('excel.import')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        hidden
        data-testid="excel-import-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {(error !== null || done !== null) && preview === null && (
        <span className={error !== null ? 'excel-status excel-error' : 'excel-status'} role={error !== null ? 'alert' : 'status'} data-testid="excel-status">
          {error ?? done}
          <button type="button" className="link-button" aria-label="✕" onClick={() => (setError(null), setDone(null))}>
            ✕
          </button>
        </span>
      )}
      <dialog ref={dialog} className="import-dialog" aria-labelledby="import-title" onClose={() => setPreview(null)} data-testid="import-preview">
        {preview !== null && (
          <>
            <h2 id="import-title">{t('excel.previewTitle')}</h2>
            <p>
              <strong>{t('excel.changes', { count: preview.changeCount })}</strong>
              {preview.newRows.length > 0 && <> · {t('excel.newRows', { count: preview.newRows.length })}</>}
            </p>
            {preview.changes.length === 0 ? (
              <p className="muted">{t('excel.noChanges')}</p>
            ) : (
              <div className="import-table-wrap">
                <table className="import-table">
                  <thead>
                    <tr>
                      <th>{t('excel.col.sheet')}</th>
                      <th>{t('excel.col.row')}</th>
                      <th>{t('excel.col.column')}</th>
                      <th>{t('excel.col.old')}</th>
                      <th>{t('excel.col.new')}</th>
                      <th>{t('excel.col.cell')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.changes.slice(0, LISTED).map((c) => {
                      const d = describe(c);
                      return (
                        <tr key={`${c.sheetId}/${c.rowId}/${c.colId}`} data-cell={`${c.sheetId}/${c.rowId}/${c.colId}`}>
                          <td>{d.sheet}</td>
                          <td>{d.row}</td>
                          <td>{d.column}</td>
                          <td className="num old">{showValue(c.old)}</td>
                          <td className="num new">{showValue(c.new)}</td>
                          <td className="muted small">{c.cell}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {preview.changes.length > LISTED && <p className="muted small">{t('excel.listed', { shown: LISTED, count: preview.changeCount })}</p>}
              </div>
            )}
            {preview.warnings.length > 0 && (
              <details open className="import-warnings">
                <summary>{t('excel.warnings', { count: preview.warnings.length })}</summary>
                <ul>
                  {preview.warnings.map((w, i) => (
                    <li key={i}>
                      {localized(lang, w.message)}
                      {w.cell !== undefined && <span className="muted small"> ({w.cell})</span>}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {error !== null && (
              <p className="excel-error" role="alert">
                {error}
              </p>
            )}
            <div className="import-actions">
              <button type="button" onClick={() => setPreview(null)} disabled={busy === 'apply'}>
                {t('excel.cancel')}
              </button>
              <button type="button" className="primary" onClick={() => void apply()} disabled={busy === 'apply' || preview.changeCount + preview.newRows.length === 0} data-testid="import-apply">
                {busy === 'apply' ? t('excel.applying') : t('excel.apply')}
              </button>
            </div>
          </>
        )}
      </dialog>
    </span>
  );
}
