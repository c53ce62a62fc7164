import type { ReactNode } from 'react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { isDocumentKind } from '@zhospar/collab';
import type { PeriodParameters } from '@zhospar/sheets';
import { getTemplate } from '@zhospar/sheets';
import type { DocumentSummary } from '../api/apiClient';
import { getDocument } from '../api/apiClient';
import { DocumentConnection } from '../collab/DocumentConnection';
import type { ConnectionState } from '../collab/DocumentConnection';
import { FATAL_STATUSES } from '../collab/DocumentConnection';
import { CloseCode, formatDocumentName } from '../collab/protocol';
import { AppHeader } from '../components/AppHeader';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { EditorView } from '../components/EditorView';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { StatusBadge } from '../components/StatusBadge';
import { ReturnReasonBanner } from '../components/workflow/ReturnReasonBanner';
import { SignaturePanel } from '../components/workflow/SignaturePanel';
import { WorkflowBar } from '../components/workflow/WorkflowBar';
import { useSession } from '../hooks/useSession';
import { useI18n } from '../i18n/I18nProvider';
import { translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ru } from '../i18n/messages';
import type { Lang, LocalizedText } from '../model/templateTypes';
import { saveSession } from '../session/session';
import { colorFor } from '../univer/presence/colorFor';

const IDLE: ConnectionState = { status: 'connecting', everSynced: false, readOnly: false, unsyncedChanges: 0, lastCloseCode: null };
const noopSubscribe = (): (() => void) => () => undefined;

/** The message key of a workflow status (`IN_WORK` → `status.in_work`). */
function statusKey(status: string): MessageKey {
  const key = `status.${status.toLowerCase()}`;
  return key in ru ? (key as MessageKey) : 'status.in_work';
}

/** A message of the server kept above the grid until the user closes it. */
interface ServerNotice {
  kind: 'rejected' | 'status';
  text: LocalizedText;
}

const NO_PARAMETERS: PeriodParameters = {};

/** One document: metadata over HTTP, content over the collaboration websocket. */
export function EditorRoute({ id }: { id: string }): ReactNode {
  const { t, lang } = useI18n();
  const session = useSession();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [connection, setConnection] = useState<DocumentConnection | null>(null);
  const [serverNotice, setServerNotice] = useState<ServerNotice | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    getDocument(id).then(
      (m) => live && setMeta(m),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);

  const token = session?.token ?? null;
  // Reconnect only when the document itself changes, not when its metadata is re-read.
  const collabName = meta === null || !isDocumentKind(meta.kind) ? null : (meta.collabName ?? formatDocumentName(meta.kind, meta.id));
  useEffect(() => {
    if (collabName === null || token === null) return;
    const conn = new DocumentConnection(collabName, token);
    setConnection(conn);
    let restarted = false;
    // [P8] A rejected update leaves local state the server refused: drop the local Y.Doc and
    // start over from the server's state (a new connection with a new Y.Doc).
    const restart = (): void => {
      if (restarted) return;
      restarted = true;
      setGeneration((g) => g + 1);
    };
    const offRejected = conn.onUpdateRejected((m) => {
      setServerNotice({ kind: 'rejected', text: m.message });
      restart();
    });
    const offStatus = conn.onStatusChanged((m) => {
      const statusLabel = (l: Lang): string => translate(l, statusKey(m.status));
      const text = (l: Lang): string =>
        [translate(l, m.readOnly ? 'editor.statusReadOnly' : 'editor.statusEditable', { status: statusLabel(l) }), m.reason ? translate(l, 'editor.returnReason', { reason: m.reason }) : '']
          .filter((x) => x !== '')
          .join(' ');
      setServerNotice({ kind: 'status', text: { ru: text('ru'), kk: text('kk') } });
      // New status and actions for the header badge and the read-only state.
      setAttempt((a) => a + 1);
    });
    const offState = conn.subscribe(() => {
      const s = conn.getState();
      if (s.lastCloseCode === CloseCode.UpdateRejected || s.lastCloseCode === CloseCode.TooLarge) restart();
      if (s.status === 'unauthorized') saveSession(null);
    });
    return () => {
      offRejected();
      offStatus();
      offState();
      setConnection(null);
      conn.destroy();
    };
  }, [collabName, token, generation]);

  const state = useSyncExternalStore(connection?.subscribe ?? noopSubscribe, connection?.getState ?? (() => IDLE));
  const user = useMemo(() => (session === null ? null : { id: session.user.id, name: session.user.name, color: colorFor(session.user.id) }), [session]);

  const noticeBanner =
    serverNotice === null ? null : (
      <div className={`banner ${serverNotice.kind === 'rejected' ? 'banner-error' : 'banner-info'}`} role="alert" data-testid="server-notice">
        <span>{serverNotice.kind === 'rejected' ? t('editor.updateRejectedReloaded', { message: serverNotice.text[lang] || serverNotice.text.ru }) : serverNotice.text[lang] || serverNotice.text.ru}</span>
        <button type="button" onClick={() => setServerNotice(null)}>
          {t('common.close')}
        </button>
      </div>
    );

  let body: ReactNode;
  if (error !== null && meta === null) body = <ErrorMessage error={error} onRetry={() => setAttempt((a) => a + 1)} />;
  else if (meta === null) body = <LoadingState text={t('editor.loading')} />;
  else if (connection === null || user === null || !state.everSynced)
    body = (
      <>
        {noticeBanner}
        <ConnectionBanner state={state} />
        {!FATAL_STATUSES.has(state.status) && <LoadingState text={t('editor.connecting')} />}
      </>
    );
  else
    body = (
      <EditorView
        key={generation}
        doc={connection.doc}
        documentName={connection.provider.configuration.name}
        documentKind={meta.kind}
        title={meta.title}
        subtitle={
          <span className="editor-meta">
            {meta.organisation[lang] || meta.organisation.ru} · {meta.program || '—'} · <StatusBadge status={meta.status} />
          </span>
        }
        // Only permissions lock the grid; a lost connection does not (edits sync on reconnect).
        readOnly={meta.readOnly || state.readOnly || FATAL_STATUSES.has(state.status)}
        awareness={connection.provider.awareness}
        user={user}
        parameters={meta.parameters ?? NO_PARAMETERS}
        resolveTemplate={getTemplate}
        connectionStatus={() => connection.getState().status}
        banner={
          <>
            {noticeBanner}
            <ConnectionBanner state={state} />
            <ReturnReasonBanner documentId={meta.id} status={meta.status} />
            {meta.status === 'APPROVED' && <SignaturePanel documentId={meta.id} />}
          </>
        }
        workflow={(controller) => <WorkflowBar documentId={meta.id} connection={connection} controller={controller} userId={user.id} />}
        syncText={state.unsyncedChanges > 0 ? t('editor.unsynced') : t('editor.saved')}
      />
    );

  return (
    <div className="page page-editor">
      <AppHeader>
        <a href="#/documents" className="back-link">
          ← {t('common.back')}
        </a>
      </AppHeader>
      {body}
    </div>
  );
}
