/**
 * Wires remarks into the editor: the discussion connection, grid markers, the side panel, the
 * toolbar toggle and the Ctrl+Alt+M shortcut (new remark on the selected cell). EditorView renders
 * `toggle` in its toolbar and `panel` beside the grid.
 */
import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CommentBody, ThreadView } from '@zhospar/collab';
import { createThread, deleteMessage, editMessage, replyToThread, setThreadResolved } from '@zhospar/collab';
import { useSession } from '../hooks/useSession';
import { useI18n } from '../i18n/I18nProvider';
import { localized } from '../i18n/i18n';
import type { EditorController } from '../univer/EditorController';
import { positionOf } from '../univer/binding/SheetLayout';
import { fetchMentionableUsers } from './commentsApi';
import { CommentMarkers } from './CommentMarkers';
import type { CellAnchor, CommentFilters } from './CommentsPanel';
import { CommentsPanel } from './CommentsPanel';
import { useCommentsT } from './commentsText';
import type { DiscussionSnapshot } from './DiscussionConnection';
import { DISCUSSION_ORIGIN, DiscussionConnection } from './DiscussionConnection';

export const NEW_COMMENT_SHORTCUT = 'Ctrl+Alt+M';
const PANEL_KEY = 'zhospar.commentsPanel';
const IDLE: DiscussionSnapshot = { status: 'connecting', everSynced: false, readOnly: false, threads: [], rejected: null };
const noopSubscribe = (): (() => void) => () => undefined;

/** Handle for browser tests: `window.__zhosparComments`. */
export interface CommentsTestApi {
  threads(): readonly ThreadView[];
  status(): string;
  /** `Date.now()` when the server last acknowledged every local change of the discussion doc. */
  lastAckAt(): number;
}

declare global {
  interface Window {
    __zhosparComments?: CommentsTestApi;
  }
}

/** The thread id in the hash (`#/documents/<id>?thread=<threadId>`), if any. */
function threadFromHash(): string | null {
  return new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('thread');
}

function loadPanelOpen(): boolean {
  try {
    return threadFromHash() !== null || localStorage.getItem(PANEL_KEY) === 'open';
  } catch {
    return false;
  }
}

export interface CommentsFeature {
  toggle: ReactNode;
  panel: ReactNode;
}

export function useCommentsFeature(documentName: string, controller: EditorController | null): CommentsFeature {
  const t = useCommentsT();
  const { lang } = useI18n();
  const session = useSession();
  const token = session?.token ?? null;
  const userId = session?.user.id ?? '';
  const documentId = documentName.slice(documentName.indexOf('.') + 1);
  const [connection, setConnection] = useState<DiscussionConnection | null>(null);
  const [open, setOpen] = useState(loadPanelOpen);
  const [filters, setFilters] = useState<CommentFilters>({ status: 'open', mine: false, mentions: false });
  const [compose, setCompose] = useState<CellAnchor | null>(null);
  const [focused, setFocused] = useState<string | null>(threadFromHash);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const markers = useRef<CommentMarkers | null>(null);

  useEffect(() => {
    if (token === null) return;
    const conn = new DiscussionConnection(documentId, token);
    setConnection(conn);
    window.__zhosparComments = { threads: () => conn.getSnapshot().threads, status: () => conn.getSnapshot().status, lastAckAt: () => conn.lastAckAt };
    return () => {
      delete window.__zhosparComments;
      setConnection(null);
      conn.destroy();
    };
  }, [documentId, token]);

  const snapshot = useSyncExternalStore(connection?.subscribe ?? noopSubscribe, connection?.getSnapshot ?? (() => IDLE));

  // Names of the people who may read the document (authors are among them), plus oneself.
  const authorKey = useMemo(() => [...new Set(snapshot.threads.flatMap((th) => th.messages.map((m) => m.authorId)))].sort().join(','), [snapshot.threads]);
  useEffect(() => {
    let live = true;
    fetchMentionableUsers(documentId, '', 50).then(
      (users) => live && setNames(new Map(users.map((u) => [u.id, u.fullName]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [documentId, authorKey]);
  const allNames = useMemo(() => {
    const m = new Map(names);
    if (session !== null) m.set(session.user.id, session.user.name);
    return m;
  }, [names, session]);

  const setPanel = useCallback((next: boolean) => {
    setOpen(next);
    try {
      localStorage.setItem(PANEL_KEY, next ? 'open' : 'closed');
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const selectAnchor = useCallback(
    (anchor: CellAnchor) => {
      if (controller?.selectCell(anchor.sheetId, anchor.rowId, anchor.colId)) controller.focusGrid();
    },
    [controller],
  );

  const focusThread = useCallback(
    (threadId: string) => {
      setPanel(true);
      setFocused(threadId);
      const thread = connection?.getSnapshot().threads.find((th) => th.threadId === threadId);
      if (thread === undefined) return;
      if (thread.status === 'resolved') setFilters((f) => (f.status === 'open' ? { ...f, status: 'all' } : f));
      selectAnchor(thread.anchor);
    },
    [connection, selectAnchor, setPanel],
  );

  // A notification link (`?thread=`) opens the panel on its thread once the threads are in.
  useEffect(() => {
    const onHash = (): void => {
      const id = threadFromHash();
      if (id !== null) {
        setPanel(true);
        setFocused(id);
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [setPanel]);
  const pendingFocus = useRef<string | null>(threadFromHash());
  useEffect(() => {
    if (focused !== null && focused === pendingFocus.current && controller !== null && snapshot.threads.some((th) => th.threadId === focused)) {
      pendingFocus.current = null;
      focusThread(focused);
    }
  }, [focused, controller, snapshot.threads, focusThread]);
  useEffect(() => {
    const onHash = (): void => {
      pendingFocus.current = threadFromHash();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Rows inserted, deleted or moved (by anyone): re-render, detached threads may have changed.
  const [layoutVersion, setLayoutVersion] = useState(0);
  useEffect(() => controller?.binding.onLayoutChange(() => setLayoutVersion((v) => v + 1)), [controller]);

  // Markers: open threads, and resolved ones too while the panel shows them.
  const isDetached = useCallback(
    (anchor: CellAnchor): boolean => {
      const layout = controller?.binding.layoutOf(anchor.sheetId);
      return layout !== undefined && positionOf(layout, anchor.rowId, anchor.colId) === null;
    },
    // layoutVersion: a new function after every layout change, so the panel re-renders.
    [controller, layoutVersion],
  );
  useEffect(() => {
    if (controller === null) return;
    const m = new CommentMarkers(controller, (id) => focusThread(id), (count) => t('comments.marker', { count }));
    markers.current = m;
    return () => {
      m.dispose();
      markers.current = null;
    };
    // focusThread changes with the connection; markers are recreated then.
  }, [controller, focusThread, t]);
  const showResolved = open && filters.status !== 'open';
  useEffect(() => {
    markers.current?.setThreads(
      snapshot.threads.filter((th) => !th.deleted && (th.status === 'open' || showResolved)),
      (count) => t('comments.marker', { count }),
    );
  }, [snapshot.threads, showResolved, t, controller, focusThread]);

  const describeCell = useCallback(
    (a: CellAnchor): string => {
      const d = controller?.describeCell(a.sheetId, a.rowId, a.colId) ?? null;
      if (d === null) return a.sheetId;
      const row = d.row.ordinal !== undefined ? String(d.row.ordinal) : (d.row.code ?? (d.row.title !== undefined ? localized(lang, d.row.title) : a.rowId));
      const column = d.column === null ? a.colId : localized(lang, d.column);
      return t('comments.cell', { form: d.formCode, row, column: column.length > 40 ? `${column.slice(0, 38)}…` : column });
    },
    [controller, lang, t],
  );

  const startCompose = useCallback(() => {
    const at = controller?.activeAddress() ?? null;
    setPanel(true);
    setCompose(at);
    if (at === null) window.alert(t('comments.noCell'));
  }, [controller, setPanel, t]);

  // Ctrl+Alt+M: a new remark on the selected cell (capture: before Univer takes the key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || !e.altKey || e.shiftKey || e.code !== 'KeyM') return;
      e.preventDefault();
      e.stopPropagation();
      startCompose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [startCompose]);

  const write = (fn: (doc: ReturnType<DiscussionConnection['getDoc']>) => void): void => {
    if (connection === null) return;
    fn(connection.getDoc());
  };
  const onCreate = (anchor: CellAnchor, body: CommentBody): void => {
    const threadId = crypto.randomUUID();
    write((doc) => createThread(doc, { threadId, messageId: crypto.randomUUID(), anchor, authorId: userId, body, now: Date.now() }, DISCUSSION_ORIGIN));
    setCompose(null);
    setFocused(threadId);
  };

  const openCount = snapshot.threads.filter((th) => !th.deleted && th.status === 'open').length;
  const toggle = (
    <button
      type="button"
      className={`comments-toggle${open ? ' active' : ''}`}
      onClick={() => setPanel(!open)}
      aria-expanded={open}
      aria-controls="comments-panel"
      title={`${open ? t('comments.hide') : t('comments.show')} · ${t('comments.new')}: ${NEW_COMMENT_SHORTCUT}`}
      data-testid="comments-toggle"
    >
      {t('comments.toggle')}
      {openCount > 0 && <span className="comments-count">{openCount}</span>}
    </button>
  );

  const panel = open ? (
    <div id="comments-panel" className="comments-slot">
      <CommentsPanel
        documentId={documentId}
        snapshot={snapshot}
        userId={userId}
        names={allNames}
        filters={filters}
        onFilters={setFilters}
        composeAnchor={compose}
        onCancelCompose={() => {
          setCompose(null);
          controller?.focusGrid();
        }}
        onStartCompose={startCompose}
        focusedThreadId={focused}
        onFocusThread={focusThread}
        isDetached={isDetached}
        describeCell={describeCell}
        shortcut={NEW_COMMENT_SHORTCUT}
        onClose={() => setPanel(false)}
        onCreate={onCreate}
        onReply={(threadId, body) => write((doc) => replyToThread(doc, { threadId, messageId: crypto.randomUUID(), authorId: userId, body, now: Date.now() }, DISCUSSION_ORIGIN))}
        onEdit={(threadId, messageId, body) => write((doc) => editMessage(doc, { threadId, messageId, authorId: userId, body, now: Date.now() }, DISCUSSION_ORIGIN))}
        onDelete={(threadId, messageId) => write((doc) => deleteMessage(doc, { threadId, messageId, by: userId, now: Date.now() }, DISCUSSION_ORIGIN))}
        onResolve={(threadId, resolved) => write((doc) => setThreadResolved(doc, { threadId, resolved, by: userId, now: Date.now() }, DISCUSSION_ORIGIN))}
        onDismissRejection={() => connection?.clearRejection()}
      />
    </div>
  ) : null;

  return { toggle, panel };
}
