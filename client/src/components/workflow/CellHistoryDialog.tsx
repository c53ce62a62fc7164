import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime, formatValue } from '../../workflow/format';
import type { AuditEvent } from '../../workflow/workflowApi';
import { fetchCellHistory } from '../../workflow/workflowApi';
import { ErrorMessage } from '../ErrorMessage';
import { LoadingState } from '../LoadingState';
import { WorkflowDialog } from './WorkflowDialog';

export interface CellHistoryDialogProps {
  documentId: string;
  /** The selected cell, or null when none is (the dialog then says how to pick one). */
  cell: { sheetId: string; rowId: string; colId: string } | null;
  /** Where the cell is, in words (form, row, column). */
  where: string;
  onClose: () => void;
}

type State = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; events: AuditEvent[] };

/** «История ячейки»: who (name, ИИН) changed the cell when, old → new, newest first. */
export function CellHistoryDialog({ documentId, cell, where, onClose }: CellHistoryDialogProps): ReactNode {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const sheetId = cell?.sheetId;
  const rowId = cell?.rowId;
  const colId = cell?.colId;

  useEffect(() => {
    if (sheetId === undefined || rowId === undefined || colId === undefined) return;
    let live = true;
    setState({ kind: 'loading' });
    fetchCellHistory(documentId, { sheetId, rowId, colId }).then(
      (events) => live && setState({ kind: 'ready', events }),
      (error: unknown) => live && setState({ kind: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [documentId, sheetId, rowId, colId, attempt]);

  const empty = t('ver.empty');
  return (
    <WorkflowDialog title={t('hist.title')} hint={cell === null ? t('hist.selectCell') : where} onClose={onClose} wide testId="cell-history">
      {cell !== null && state.kind === 'loading' && <LoadingState text={t('common.loading')} />}
      {cell !== null && state.kind === 'error' && <ErrorMessage error={state.error} onRetry={() => setAttempt((a) => a + 1)} />}
      {cell !== null && state.kind === 'ready' && state.events.length === 0 && <p className="empty-state">{t('hist.empty')}</p>}
      {cell !== null && state.kind === 'ready' && state.events.length > 0 && (
        <div className="wf-scroll">
          <table className="doc-table wf-table">
            <thead>
              <tr>
                <th scope="col">{t('hist.col.when')}</th>
                <th scope="col">{t('hist.col.who')}</th>
                <th scope="col">{t('hist.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {state.events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at, lang)}</td>
                  <td>
                    {e.user?.fullName ?? t('hist.unknownUser')}
                    {e.user?.iin ? <div className="muted small">{t('hist.iin', { iin: e.user.iin })}</div> : null}
                  </td>
                  <td>
                    <span className="diff-old">{formatValue(e.old, empty)}</span> → <span className="diff-new">{formatValue(e.new, empty)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WorkflowDialog>
  );
}
