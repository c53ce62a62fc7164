import type { ReactNode } from 'react';
import type { ControlResult } from '@zhospar/formulas';
import { useI18n } from '../i18n/I18nProvider';
import type { EditorController } from '../univer/EditorController';

export interface ControlsPanelProps {
  controller: EditorController | null;
  /** Failing controls; null while the engine has not evaluated them yet. */
  controls: readonly ControlResult[] | null;
  onClose: () => void;
}

/** Errors first, then warnings; otherwise the engine's order (sheet by sheet, row by row). */
export function sortControls(controls: readonly ControlResult[]): ControlResult[] {
  return controls.map((c, i) => ({ c, i })).sort((a, b) => Number(a.c.severity !== 'error') - Number(b.c.severity !== 'error') || a.i - b.i).map((x) => x.c);
}

/**
 * Side panel with every failing control (форматно-логический контроль) in the interface language:
 * errors and warnings styled apart, where each one is, and a click (or Enter) selects its first
 * cell, switching worksheets. Updates as anyone types (the engine re-evaluates on every change).
 */
export function ControlsPanel({ controller, controls, onClose }: ControlsPanelProps): ReactNode {
  const { t, lang } = useI18n();
  const sorted = controls === null ? null : sortControls(controls);
  const errors = controls?.filter((c) => c.severity === 'error').length ?? 0;

  const where = (control: ControlResult): string => {
    const cell = control.cells[0];
    if (cell === undefined || controller === null) return '';
    const d = controller.describeCell(cell.sheetId, cell.rowId, cell.colId);
    if (d === null) return cell.sheetId;
    const row =
      d.row.ordinal !== undefined
        ? t('controls.rowNumber', { row: d.row.ordinal })
        : d.row.code !== undefined
          ? t('controls.rowNumber', { row: d.row.code })
          : (d.row.title?.[lang] ?? d.row.title?.ru ?? '');
    const column = d.column === null ? '' : `«${d.column[lang] || d.column.ru}»`;
    return [d.formCode, row, column].filter((x) => x !== '').join(' · ');
  };

  return (
    <aside className="controls-panel" aria-labelledby="controls-panel-title" data-testid="controls-panel">
      <div className="controls-head">
        <h2 id="controls-panel-title">{t('controls.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('controls.hide')} title={t('controls.hide')}>
          ×
        </button>
      </div>
      {sorted === null ? (
        <p className="controls-empty muted">{t('controls.calculating')}</p>
      ) : sorted.length === 0 ? (
        <div className="controls-empty controls-passed" role="status">
          <span className="passed-mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <p className="controls-empty-title">{t('controls.allPassed')}</p>
            <p className="muted small">{t('controls.allPassedHint')}</p>
          </div>
        </div>
      ) : (
        <>
          {errors > 0 && <p className="controls-note small">{t('controls.blocking')}</p>}
          <ul className="controls-list" aria-live="polite">
            {sorted.map((control) => {
              const cell = control.cells[0];
              const label = control.severity === 'error' ? t('controls.error') : t('controls.warning');
              return (
                <li key={control.key}>
                  <button
                    type="button"
                    className={`control-item control-${control.severity}`}
                    data-control-id={control.id}
                    onClick={() => {
                      // Select the cell and hand the keyboard to the grid: the user types the fix.
                      if (cell !== undefined && controller?.selectCell(cell.sheetId, cell.rowId, cell.colId)) controller.focusGrid();
                    }}
                    title={t('controls.goto')}
                  >
                    <span className={`severity severity-${control.severity}`}>{label}</span>
                    <span className="control-message">{control.message[lang] || control.message.ru}</span>
                    <span className="control-where small">{where(control)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </aside>
  );
}
