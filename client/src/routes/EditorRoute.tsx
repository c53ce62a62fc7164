import type { ReactNode } from 'react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { isDocumentKind } from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import type { DocumentSummary } from '../api/apiClient';
import { getDocument } from '../api/apiClient';
import { DocumentConnection } from '../collab/DocumentConnection';
import type { ConnectionState } from '../collab/DocumentConnection';
import { CloseCode, formatDocumentName } from '../collab/protocol';
import { AppHeader } from '../components/AppHeader';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { EditorView } from '../components/EditorView';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { StatusBadge } from '../components/StatusBadge';
import { useSession } from '../hooks/useSession';
import { useI18n } from '../i18n/I18nProvider';
import { saveSession } from '../session/session';
import { colorFor } from '../univer/presence/colorFor';

const IDLE: ConnectionState = { status: 'connecting', everSynced: false, readOnly: false, unsyncedChanges: 0, lastCloseCode: null };
const noopSubscribe = (): (() => void) => () => undefined;

/** One document: metadata over HTTP, content over the collaboration websocket. */
export function EditorRoute({ id }: { id: string }): ReactNode {
  const { t, lang } = useI18n();
  const session = useSession();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [connection, setConnection] = useState<DocumentConnection | null>(null);
  const [rejection, setRejection] = useState<string | null>(null);

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
  useEffect(() => {
    if (meta === null || token === null || !isDocumentKind(meta.kind)) return;
    const conn = new DocumentConnection(meta.collabName ?? formatDocumentName(meta.kind, meta.id), token);
    setConnection(conn);
    const offRejected = conn.onUpdateRejected((m) => setRejection(`${m.message[lang] || m.message.ru}#${Date.now()}`));
    // A rejected update leaves local state the server refused: start over from the server's state.
    const offState = conn.subscribe(() => {
      const s = conn.getState();
      if (s.lastCloseCode === CloseCode.UpdateRejected) setGeneration((g) => g + 1);
      if (s.status === 'unauthorized') saveSession(null);
    });
    return () => {
      offRejected();
      offState();
      setConnection(null);
      conn.destroy();
    };
    // `lang` is left out on purpose: it only formats messages; a language switch must not reconnect.
  }, [meta, token, generation]);

  const state = useSyncExternalStore(connection?.subscribe ?? noopSubscribe, connection?.getState ?? (() => IDLE));
  const user = useMemo(() => (session === null ? null : { id: session.user.id, name: session.user.name, color: colorFor(session.user.id) }), [session]);

  let body: ReactNode;
  if (error !== null) body = <ErrorMessage error={error} onRetry={() => setAttempt((a) => a + 1)} />;
  else if (meta === null) body = <LoadingState text={t('editor.loading')} />;
  else if (connection === null || user === null || !state.everSynced)
    body = (
      <>
        <ConnectionBanner state={state} />
        {!['protocol-mismatch', 'forbidden', 'not-found', 'unauthorized'].includes(state.status) && <LoadingState text={t('editor.connecting')} />}
      </>
    );
  else
    body = (
      <EditorView
        key={generation}
        doc={connection.doc}
        documentName={connection.provider.configuration.name}
        title={meta.title}
        subtitle={
          <span className="editor-meta">
            {meta.organisation[lang] || meta.organisation.ru} · {meta.program || '—'} · <StatusBadge status={meta.status} />
          </span>
        }
        readOnly={meta.readOnly || state.readOnly || state.status !== 'synced'}
        awareness={connection.provider.awareness}
        user={user}
        resolveTemplate={getTemplate}
        connectionStatus={() => connection.getState().status}
        banner={<ConnectionBanner state={state} />}
        syncText={state.unsyncedChanges > 0 ? t('editor.unsynced') : t('editor.saved')}
        externalNotice={rejection === null ? null : t('editor.updateRejected', { message: rejection.replace(/#\d+$/, '') })}
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
