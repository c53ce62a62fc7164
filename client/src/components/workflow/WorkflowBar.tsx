import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { ControlResult } from '@zhospar/formulas';
import type { DocumentConnection } from '../../collab/DocumentConnection';
import { navigate } from '../../hooks/useHashRoute';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { SigningBlockedError, signDocument } from '../../signing/signDocument';
import type { EditorController } from '../../univer/EditorController';
import { notifySignaturesChanged, versionKindKey } from '../../workflow/workflowUi';
import type { WorkflowDocument } from '../../workflow/workflowApi';
import { approveDocument, createNextVersion, failingControlsOf, fetchSignatures, fetchVersions, fetchWorkflowDocument, returnDocument, submitDocument } from '../../workflow/workflowApi';
import { useErrorText } from '../ErrorMessage';
import { CellHistoryDialog } from './CellHistoryDialog';
import { ControlsFailedDialog } from './ControlsFailedDialog';
import { ReturnDialog } from './ReturnDialog';
import { WorkflowDialog } from './WorkflowDialog';

export interface WorkflowBarProps {
  documentId: string;
  /** The document's collaboration connection: `status-changed` ([P9]) re-reads the actions. */
  connection: DocumentConnection;
  controller: EditorController | null;
  /** The signed-in user's id (their signing key in this browser, their own signatures). */
  userId: string;
}

type Dialog =
  | { kind: 'return' }
  | { kind: 'approve' }
  | { kind: 'new-version' }
  | { kind: 'controls'; controls: ControlResult[] }
  | { kind: 'history'; cell: { sheetId: string; rowId: string; colId: string } | null; where: string };

type Message = { kind: 'ok' | 'error'; text: string; keysLink?: boolean };

/** How long a confirmation stays, ms. */
const OK_MESSAGE_MS = 8000;

type Busy = 'submit' | 'return' | 'approve' | 'sign' | 'new-version' | null;

/**
 * The editor's workflow actions, offered from `document.actions` of the server: «Отправить на
 * проверку» (a 422 lists the failing controls), «Вернуть на доработку» (reason required),
 * «Утвердить», «Подписать» (browser key, ES256), «Создать новую версию», the version history and
 * «История ячейки» (Alt+H). The grid's read-only switch itself comes from the server's
 * `status-changed` message on the collaboration connection.
 */
export function WorkflowBar({ documentId, connection, controller, userId }: WorkflowBarProps): ReactNode {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const [doc, setDoc] = useState<WorkflowDocument | null>(null);
  const [signedByMe, setSignedByMe] = useState(false);
  const [versionNumber, setVersionNumber] = useState<number | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState<Message | null>(null);

  const reload = useCallback(async (): Promise<void> => {
    try {
      const next = await fetchWorkflowDocument(documentId);
      setDoc(next);
      const versions = await fetchVersions(documentId);
      setVersionNumber(versions.find((v) => v.id === documentId)?.versionNumber ?? null);
      if (next.status === 'APPROVED' && next.actions.includes('sign')) {
        const signatures = await fetchSignatures(documentId);
        setSignedByMe(signatures.some((s) => s.signer.id === userId));
      } else setSignedByMe(false);
    } catch {
      // The editor route shows load errors; the bar simply offers nothing.
    }
  }, [documentId, userId]);

  useEffect(() => {
    void reload();
    return connection.onStatusChanged(() => void reload());
  }, [connection, reload]);

  // Confirmations fade after a while; errors stay until closed.
  useEffect(() => {
    if (message?.kind !== 'ok') return;
    const timer = window.setTimeout(() => setMessage(null), OK_MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [message]);

  const openHistory = useCallback((): void => {
    const cell = controller?.activeAddress() ?? null;
    let where = '';
    if (cell !== null && controller !== null) {
      const d = controller.describeCell(cell.sheetId, cell.rowId, cell.colId);
      if (d !== null) {
        const row = d.row.ordinal !== undefined ? t('controls.rowNumber', { row: d.row.ordinal }) : d.row.code !== undefined ? t('controls.rowNumber', { row: d.row.code }) : (d.row.title?.[lang] ?? d.row.title?.ru ?? '');
        where = [d.formCode, row, d.column === null ? '' : `«${d.column[lang] || d.column.ru}»`].filter((x) => x !== '').join(' · ');
      }
    }
    setDialog({ kind: 'history', cell, where });
  }, [controller, lang, t]);

  // Alt+H opens the history of the selected cell (capture: before Univer sees the key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.code !== 'KeyH') return;
      e.preventDefault();
      e.stopPropagation();
      openHistory();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [openHistory]);

  const run = async (action: Exclude<Busy, null>, work: () => Promise<Message | null>): Promise<void> => {
    setBusy(action);
    setMessage(null);
    try {
      const result = await work();
      if (result !== null) setMessage(result);
    } catch (error) {
      const controls = failingControlsOf(error);
      if (controls !== null) {
        setDialog({ kind: 'controls', controls });
        setMessage({ kind: 'error', text: t('wf.controlsFailedTitle') });
      } else if (error instanceof SigningBlockedError) {
        const key: MessageKey = error.blocker === 'no-key' ? 'sig.noKey' : error.blocker === 'key-pending' ? 'sig.keyPending' : 'sig.keyRevoked';
        setMessage({ kind: 'error', text: t(key), keysLink: true });
      } else setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
      await reload();
    }
  };

  const submit = (): Promise<void> =>
    run('submit', async () => {
      const result = await submitDocument(documentId);
      const warnings = result.controls.filter((c) => c.severity === 'warning').length;
      return { kind: 'ok', text: warnings > 0 ? t('wf.submittedWarnings', { count: warnings }) : t('wf.submitted') };
    });

  const doReturn = (reason: string): Promise<void> =>
    run('return', async () => {
      await returnDocument(documentId, reason);
      setDialog(null);
      return { kind: 'ok', text: t('wf.returned') };
    });

  const approve = (): Promise<void> =>
    run('approve', async () => {
      await approveDocument(documentId);
      setDialog(null);
      notifySignaturesChanged(documentId);
      return { kind: 'ok', text: t('wf.approved') };
    });

  const sign = (): Promise<void> =>
    run('sign', async () => {
      const verification = await signDocument(userId, documentId);
      notifySignaturesChanged(documentId);
      return verification.valid ? { kind: 'ok', text: t('wf.signed') } : { kind: 'error', text: t('sig.invalid', { message: verification.message[lang] || verification.message.ru }) };
    });

  const newVersion = (): Promise<void> =>
    run('new-version', async () => {
      const created = await createNextVersion(documentId);
      setDialog(null);
      navigate(`/documents/${encodeURIComponent(created.id)}`);
      return null;
    });

  const can = (action: WorkflowDocument['actions'][number]): boolean => doc?.actions.includes(action) ?? false;
  const nextKind = doc === null ? '' : t(versionKindKey(doc.versionKind === 'PLAN' ? 'CLARIFICATION' : 'CORRECTION'));

  return (
    <div className="wf-bar">
      <div className="wf-actions" role="toolbar" aria-label={t('wf.actions')}>
        {doc !== null && versionNumber !== null && (
          <span className="wf-version" data-testid="version-label">
            {t('version.label', { number: versionNumber, kind: t(versionKindKey(doc.versionKind)) })}
          </span>
        )}
        {can('submit') && (
          <button type="button" className="primary" onClick={() => void submit()} disabled={busy !== null} data-testid="wf-submit">
            {busy === 'submit' ? t('wf.busy') : t('wf.submit')}
          </button>
        )}
        {can('return') && (
          <button type="button" className="danger-outline" onClick={() => setDialog({ kind: 'return' })} disabled={busy !== null} aria-haspopup="dialog" data-testid="wf-return">
            {t('wf.return')}
          </button>
        )}
        {can('approve') && (
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'approve' })} disabled={busy !== null} aria-haspopup="dialog" data-testid="wf-approve">
            {t('wf.approve')}
          </button>
        )}
        {can('sign') && !signedByMe && (
          <button type="button" className="primary" onClick={() => void sign()} disabled={busy !== null} data-testid="wf-sign">
            {busy === 'sign' ? t('wf.busy') : `✍ ${t('wf.sign')}`}
          </button>
        )}
        {can('create-version') && (
          <button type="button" onClick={() => setDialog({ kind: 'new-version' })} disabled={busy !== null} aria-haspopup="dialog" data-testid="wf-new-version">
            ＋ {t('wf.newVersion')}
          </button>
        )}
        <a className="button-link" href={`#/documents/${encodeURIComponent(documentId)}/versions`} data-testid="wf-versions">
          {t('wf.versions')}
        </a>
        <button type="button" onClick={openHistory} disabled={controller === null} title="Alt+H" aria-keyshortcuts="Alt+H" aria-haspopup="dialog" data-testid="wf-cell-history">
          {t('wf.cellHistory')}
        </button>
      </div>
      <div className="wf-message-region" aria-live="polite">
        {message !== null && (
          <div className={`wf-message wf-message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="wf-message">
            <span>{message.text}</span>
            {message.keysLink === true && <a href="#/signing-keys">{t('nav.keys')}</a>}
            <button type="button" className="icon-button" onClick={() => setMessage(null)} aria-label={t('common.close')} title={t('common.close')}>
              ×
            </button>
          </div>
        )}
      </div>
      {dialog?.kind === 'return' && <ReturnDialog busy={busy === 'return'} onReturn={(reason) => void doReturn(reason)} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'approve' && (
        <WorkflowDialog title={t('wf.approveTitle')} hint={t('wf.approveHint')} submitLabel={t('wf.approve')} busy={busy === 'approve'} onSubmit={() => void approve()} onClose={() => setDialog(null)} testId="approve-dialog" />
      )}
      {dialog?.kind === 'new-version' && (
        <WorkflowDialog
          title={t('wf.newVersionTitle')}
          hint={t('wf.newVersionHint')}
          submitLabel={`${t('wf.newVersion')}: ${nextKind}`}
          busy={busy === 'new-version'}
          onSubmit={() => void newVersion()}
          onClose={() => setDialog(null)}
          testId="new-version-dialog"
        />
      )}
      {dialog?.kind === 'controls' && <ControlsFailedDialog controls={dialog.controls} controller={controller} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && <CellHistoryDialog documentId={documentId} cell={dialog.cell} where={dialog.where} onClose={() => setDialog(null)} />}
    </div>
  );
}
