import type { ReactNode } from 'react';
import type { ControlResult } from '@zhospar/formulas';
import { useI18n } from '../../i18n/I18nProvider';
import type { EditorController } from '../../univer/EditorController';
import { WorkflowDialog } from './WorkflowDialog';

/** Errors first, then warnings, otherwise in the server's order. */
function sortControls(controls: readonly ControlResult[]): ControlResult[] {
  return controls
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(a.c.severity !== 'error') - Number(b.c.severity !== 'error') || a.i - b.i)
    .map((x) => x.c);
}

export interface ControlsFailedDialogProps {
  /** `error.data.controls` of the refused submit. */
  controls: readonly ControlResult[];
  controller: EditorController | null;
  onClose: () => void;
}

/**
 * A submit refused with 422 `controls-failed`: every failing control (errors first) in the interface
 * language with where it is; choosing one closes the dialog and selects its cell.
 */
export function ControlsFailedDialog({ controls, controller, onClose }: ControlsFailedDialogProps): ReactNode {
  const { t, lang } = useI18n();
  const where = (control: ControlResult): string => {
    const cell = control.cells[0];
    if (cell === undefined) return '';
    const d = controller?.describeCell(cell.sheetId, cell.rowId, cell.colId) ?? null;
    if (d === null) return `${cell.sheetId} · ${cell.rowId} · ${cell.colId}`;
    const row = d.row.ordinal !== undefined ? t('controls.rowNumber', { row: d.row.ordinal }) : d.row.code !== undefined ? t('controls.rowNumber', { row: d.row.code }) : (d.row.title?.[lang] ?? d.row.title?.ru ?? '');
    const column = d.column === null ? '' : `«${d.column[lang] || d.column.ru}»`;
    return [d.formCode, row, column].filter((x) => x !== '').join(' · ');
  };
  return (
    <WorkflowDialog title={t('wf.controlsFailedTitle')} hint={t('wf.controlsFailedHint')} onClose={onClose} wide testId="controls-failed">
      <ul className="controls-list wf-controls-list">
        {sortControls(controls).map((control) => {
          const cell = control.cells[0];
          return (
            <li key={control.key}>
              <button
                type="button"
                className={`control-item control-${control.severity}`}
                title={t('controls.goto')}
                onClick={() => {
                  onClose();
                  if (cell !== undefined && controller?.selectCell(cell.sheetId, cell.rowId, cell.colId)) controller.focusGrid();
                }}
              >
                <span className={`severity severity-${control.severity}`}>{control.severity === 'error' ? t('controls.error') : t('controls.warning')}</span>
                <span className="control-message">{control.message[lang] || control.message.ru}</span>
                <span className="control-where small">{where(control)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </WorkflowDialog>
  );
}
