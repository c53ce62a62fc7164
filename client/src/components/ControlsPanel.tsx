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
  return controls
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(a.c.severity !== 'error') - Number(b.c.severity !== 'error') || a.i - b.i)
    .map((x) => x.c);
}

/** One entry of the panel: failures of one rule with one message on one row, with all their cells. */
export interface ControlGroup {
  key: string;
  id: string;
  severity: ControlResult['severity'];
  message: ControlResult['message'];
  cells: ControlResult['cells'];
}

/**
 * Groups failures of the same rule and message on the same row (a negative mileage also makes the
 * litres and every amount of that row negative: one entry, not five), errors first, otherwise in
 * the engine's order (sheet by sheet, row by row).
 */
export function groupControls(controls: readonly ControlResult[]): ControlGroup[] {
  const groups = new Map<string, ControlGroup & { order: number }>();
  controls.forEach((c, i) => {
    const first = c.cells[0];
    const key = `${c.id}|${c.message.ru}|${first === undefined ? c.key : `${first.sheetId}/${first.rowId}`}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { key, id: c.id, severity: c.severity, message: c.message, cells: [...c.cells], order: i });
    else group.cells = [...group.cells, ...c.cells.filter((x) => !group.cells.some((y) => y.sheetId === x.sheetId && y.rowId === x.rowId && y.colId === x.colId))];
  });
  return [...groups.values()].sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error') || a.order - b.order);
}

/**
 * Side panel with every failing control (форматно-логический контроль) in the interface language:
 * errors and warnings styled apart, where each one is, and a click (or Enter) selects its first
 * cell, switching worksheets. Updates as anyone types (the engine re-evaluates on every change).
 */
export function ControlsPanel({ controller, controls, onClose }: ControlsPanelProps): ReactNode {
  const { t, lang } = useI18n();
  const sorted = controls === null ? null : groupControls(controls);
  const errors = controls?.filter((c) => c.severity === 'error').length ?? 0;

  /** Form code · row · columns (the required-inputs message names its columns itself). */
  const where = (group: ControlGroup): string => {
    const cell = group.cells[0];
    if (cell === undefined || controller === null) return '';
    const d = controller.describeCell(cell.sheetId, cell.rowId, cell.colId);
    if (d === null) return cell.sheetId;
    const row =
      d.row.ordinal !== undefined
        ? t('controls.rowNumber', { row: d.row.ordinal })
        : d.row.code !== undefined
          ? t('controls.rowNumber', { row: d.row.code })
          : (d.row.title?.[lang] || d.row.title?.ru || '');
    if (group.id === 'form.required') return [d.formCode, row].filter((x) => x !== '').join(' · ');
    const columns = group.cells
      .filter((c) => c.sheetId === cell.sheetId && c.rowId === cell.rowId)
      .map((c) => controller.describeCell(c.sheetId, c.rowId, c.colId)?.column)
      .filter((c): c is NonNullable<typeof c> => c !== null && c !== undefined)
      .map((c) => `«${c[lang] || c.ru}»`);
    const shown = columns.slice(0, 2).join(', ') + (columns.length > 2 ? ` ${t('controls.more', { count: columns.length - 2 })}` : '');
    return [d.formCode, row, shown].filter((x) => x !== '').join(' · ');
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
