/**
 * The side panel of remarks (замечания): filters (open / resolved / all, mine, mentions of me),
 * a composer for a new thread on the selected cell, thread cards (messages, reply, resolve or
 * reopen, edit and delete of one's own messages) and, apart, threads whose row was deleted
 * («строка удалена»). Rendered from the discussion Y.Doc (`readThreads`); writes go through
 * collab's helpers with the signed-in user as author.
 */
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { CommentBody, MessageView, ThreadView } from '@zhospar/collab';
import { useI18n } from '../i18n/I18nProvider';
import type { Lang, LocalizedText } from '../model/templateTypes';
import { CommentBodyView } from './CommentBodyView';
import { CommentEditor } from './CommentEditor';
import type { CommentsKey } from './commentsText';
import { useCommentsT } from './commentsText';
import type { DiscussionSnapshot } from './DiscussionConnection';
import './comments.css';

export type StatusFilter = 'open' | 'resolved' | 'all';

export interface CommentFilters {
  status: StatusFilter;
  mine: boolean;
  mentions: boolean;
}

export interface CellAnchor {
  sheetId: string;
  rowId: string;
  colId: string;
}

/** Threads the filters let through (deleted threads never). Pure; exported for tests. */
export function filterThreads(threads: readonly ThreadView[], filters: CommentFilters, userId: string): ThreadView[] {
  return threads.filter(
    (t) =>
      !t.deleted &&
      (filters.status === 'all' || t.status === filters.status) &&
      (!filters.mine || t.authorId === userId || t.participantIds.includes(userId)) &&
      (!filters.mentions || t.mentionedIds.includes(userId)),
  );
}

export interface CommentsPanelProps {
  documentId: string;
  snapshot: DiscussionSnapshot;
  userId: string;
  names: ReadonlyMap<string, string>;
  filters: CommentFilters;
  onFilters: (f: CommentFilters) => void;
  /** The cell a new thread is being written for, or null. */
  composeAnchor: CellAnchor | null;
  onCancelCompose: () => void;
  onStartCompose: () => void;
  focusedThreadId: string | null;
  onFocusThread: (threadId: string) => void;
  isDetached: (anchor: CellAnchor) => boolean;
  describeCell: (anchor: CellAnchor) => string;
  shortcut: string;
  onClose: () => void;
  onCreate: (anchor: CellAnchor, body: CommentBody) => void;
  onReply: (threadId: string, body: CommentBody) => void;
  onEdit: (threadId: string, messageId: string, body: CommentBody) => void;
  onDelete: (threadId: string, messageId: string) => void;
  onResolve: (threadId: string, resolved: boolean) => void;
  onDismissRejection: () => void;
}

function formatTime(lang: Lang, ms: number): string {
  return new Date(ms).toLocaleString(lang === 'kk' ? 'kk-KZ' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function CommentsPanel(props: CommentsPanelProps): ReactNode {
  const t = useCommentsT();
  const { lang } = useI18n();
  const { snapshot, filters } = props;
  const canWrite = snapshot.everSynced && !snapshot.readOnly && snapshot.status !== 'forbidden';
  const visible = filterThreads(snapshot.threads, filters, props.userId);
  const live = visible.filter((th) => !props.isDetached(th.anchor));
  const detached = visible.filter((th) => props.isDetached(th.anchor));
  const nameOf = (id: string): string => props.names.get(id) ?? t('comments.unknownUser');
  const openCount = snapshot.threads.filter((th) => !th.deleted && th.status === 'open').length;

  const statusButton = (value: StatusFilter, key: CommentsKey): ReactNode => (
    <button type="button" role="radio" aria-checked={filters.status === value} className={filters.status === value ? 'active' : undefined} onClick={() => props.onFilters({ ...filters, status: value })} data-testid={`comments-filter-${value}`}>
      {t(key)}
    </button>
  );

  const card = (thread: ThreadView): ReactNode => (
    <ThreadCard
      key={thread.threadId}
      thread={thread}
      documentId={props.documentId}
      lang={lang}
      userId={props.userId}
      nameOf={nameOf}
      cell={props.describeCell(thread.anchor)}
      detached={props.isDetached(thread.anchor)}
      focused={props.focusedThreadId === thread.threadId}
      canWrite={canWrite}
      onFocus={() => props.onFocusThread(thread.threadId)}
      onReply={(body) => props.onReply(thread.threadId, body)}
      onEdit={(messageId, body) => props.onEdit(thread.threadId, messageId, body)}
      onDelete={(messageId) => props.onDelete(thread.threadId, messageId)}
      onResolve={(resolved) => props.onResolve(thread.threadId, resolved)}
    />
  );

  return (
    <aside className="comments-panel" aria-label={t('comments.title')} data-testid="comments-panel">
      <div className="comments-head">
        <h2>
          {t('comments.title')} <span className="muted small">{t('comments.count', { count: openCount })}</span>
        </h2>
        <button type="button" className="link-button" onClick={props.onClose} aria-label={t('comments.close')} title={t('comments.close')}>
          ✕
        </button>
      </div>
      <div className="comments-filters">
        <div role="radiogroup" aria-label={t('comments.filter.status')} className="segmented">
          {statusButton('open', 'comments.filter.open')}
          {statusButton('resolved', 'comments.filter.resolved')}
          {statusButton('all', 'comments.filter.all')}
        </div>
        <label>
          <input type="checkbox" checked={filters.mine} onChange={(e) => props.onFilters({ ...filters, mine: e.target.checked })} /> {t('comments.filter.mine')}
        </label>
        <label>
          <input type="checkbox" checked={filters.mentions} onChange={(e) => props.onFilters({ ...filters, mentions: e.target.checked })} /> {t('comments.filter.mentions')}
        </label>
      </div>
      {snapshot.rejected !== null && <Rejection text={snapshot.rejected} lang={lang} onClose={props.onDismissRejection} />}
      {snapshot.status === 'offline' && <p className="comments-state banner-warning">{t('comments.offline')}</p>}
      {snapshot.status === 'forbidden' && <p className="comments-state banner-error">{t('comments.forbidden')}</p>}
      {snapshot.everSynced && snapshot.readOnly && <p className="comments-state muted small">{t('comments.readOnly')}</p>}
      {canWrite &&
        (props.composeAnchor !== null ? (
          <div className="comment-compose" data-testid="comment-compose">
            <div className="comment-cell">
              {t('comments.newOnCell')}: <strong>{props.describeCell(props.composeAnchor)}</strong>
            </div>
            <CommentEditor
              key={`${props.composeAnchor.sheetId}/${props.composeAnchor.rowId}/${props.composeAnchor.colId}`}
              documentId={props.documentId}
              placeholder={t('comments.placeholder')}
              submitLabel={t('comments.send')}
              autoFocus
              testId="comment-new-input"
              onSubmit={(body) => props.composeAnchor !== null && props.onCreate(props.composeAnchor, body)}
              onCancel={props.onCancelCompose}
            />
          </div>
        ) : (
          <div className="comment-compose-start">
            <button type="button" onClick={props.onStartCompose} title={props.shortcut} aria-keyshortcuts={props.shortcut.replace(/Ctrl/g, 'Control')} data-testid="comment-new">
              ＋ {t('comments.new')} <span className="muted small">({props.shortcut})</span>
            </button>
          </div>
        ))}
      <div className="comments-list" role="list">
        {!snapshot.everSynced ? (
          snapshot.status === 'forbidden' ? null : (
            <p className="comments-state muted">
              <span className="spinner" aria-hidden="true" /> {t('comments.loading')}
            </p>
          )
        ) : visible.length === 0 ? (
          <div className="comments-empty">
            <p>{snapshot.threads.some((th) => !th.deleted) ? t('comments.emptyFiltered') : t('comments.empty')}</p>
            {canWrite && <p className="muted small">{t('comments.newHint', { shortcut: props.shortcut })}</p>}
          </div>
        ) : (
          <>
            {live.map(card)}
            {detached.length > 0 && (
              <section className="comments-detached" aria-label={t('comments.detached')}>
                <h3>
                  {t('comments.detached')} <span className="muted small">· {t('comments.detachedHint')}</span>
                </h3>
                {detached.map(card)}
              </section>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

function Rejection({ text, lang, onClose }: { text: LocalizedText; lang: Lang; onClose: () => void }): ReactNode {
  const t = useCommentsT();
  return (
    <div className="comments-state banner-error" role="alert">
      {t('comments.rejected', { message: text[lang] || text.ru })}
      <button type="button" className="link-button" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}

interface ThreadCardProps {
  thread: ThreadView;
  documentId: string;
  lang: Lang;
  userId: string;
  nameOf: (id: string) => string;
  cell: string;
  detached: boolean;
  focused: boolean;
  canWrite: boolean;
  onFocus: () => void;
  onReply: (body: CommentBody) => void;
  onEdit: (messageId: string, body: CommentBody) => void;
  onDelete: (messageId: string) => void;
  onResolve: (resolved: boolean) => void;
}

function ThreadCard(props: ThreadCardProps): ReactNode {
  const t = useCommentsT();
  const { thread } = props;
  const ref = useRef<HTMLElement>(null);
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const resolved = thread.status === 'resolved';

  useEffect(() => {
    if (props.focused) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [props.focused]);

  return (
    <article
      ref={ref}
      role="listitem"
      className={`comment-thread${props.focused ? ' focused' : ''}${resolved ? ' resolved' : ''}`}
      data-thread-id={thread.threadId}
      data-status={thread.status}
      aria-label={`${props.cell}: ${props.nameOf(thread.authorId)}`}
    >
      <header className="comment-thread-head">
        <button type="button" className="link-button comment-cell-link" onClick={props.onFocus} title={props.detached ? t('comments.detached') : t('comments.goToCell')} disabled={props.detached}>
          {props.cell}
        </button>
        {resolved && <span className="comment-badge">{t('comments.resolved')}</span>}
        {props.detached && <span className="comment-badge detached">{t('comments.detached')}</span>}
      </header>
      {thread.messages.map((m) => (
        <Message
          key={m.messageId}
          message={m}
          documentId={props.documentId}
          lang={props.lang}
          name={props.nameOf(m.authorId)}
          own={m.authorId === props.userId}
          canWrite={props.canWrite}
          editing={editing === m.messageId}
          onStartEdit={() => setEditing(m.messageId)}
          onCancelEdit={() => setEditing(null)}
          onSave={(body) => {
            setEditing(null);
            props.onEdit(m.messageId, body);
          }}
          onDelete={() => {
            if (window.confirm(t('comments.deleteConfirm'))) props.onDelete(m.messageId);
          }}
        />
      ))}
      {resolved && thread.resolution !== null && <p className="muted small">{t('comments.resolvedBy', { name: props.nameOf(thread.resolution.by), time: formatTime(props.lang, thread.resolution.at) })}</p>}
      {props.canWrite && (
        <div className="comment-thread-actions">
          {replying ? (
            <CommentEditor
              documentId={props.documentId}
              placeholder={t('comments.replyPlaceholder')}
              submitLabel={t('comments.send')}
              autoFocus
              testId="comment-reply-input"
              onSubmit={(body) => {
                setReplying(false);
                props.onReply(body);
              }}
              onCancel={() => setReplying(false)}
            />
          ) : (
            <>
              <button type="button" onClick={() => setReplying(true)}>
                {t('comments.reply')}
              </button>
              <button type="button" onClick={() => props.onResolve(!resolved)} className={resolved ? undefined : 'primary'}>
                {resolved ? t('comments.reopen') : t('comments.resolve')}
              </button>
            </>
          )}
        </div>
      )}
    </article>
  );
}

interface MessageProps {
  message: MessageView;
  documentId: string;
  lang: Lang;
  name: string;
  own: boolean;
  canWrite: boolean;
  editing: boolean;
  onStartEdit: () => void;
  onCancelEdit: () => void;
  onSave: (body: CommentBody) => void;
  onDelete: () => void;
}

function Message(props: MessageProps): ReactNode {
  const t = useCommentsT();
  const m = props.message;
  return (
    <div className="comment-message" data-message-id={m.messageId}>
      <div className="comment-meta">
        <strong>{props.name}</strong> <span className="muted small">{formatTime(props.lang, m.createdAt)}</span>
        {m.editedAt !== null && <span className="muted small"> · {t('comments.edited')}</span>}
        {props.own && props.canWrite && m.body !== null && !props.editing && (
          <span className="comment-own-actions">
            <button type="button" className="link-button" onClick={props.onStartEdit}>
              {t('comments.edit')}
            </button>
            <button type="button" className="link-button" onClick={props.onDelete}>
              {t('comments.delete')}
            </button>
          </span>
        )}
      </div>
      {m.body === null ? (
        <p className="muted small comment-deleted">{t('comments.deleted')}</p>
      ) : props.editing ? (
        <CommentEditor documentId={props.documentId} placeholder={t('comments.placeholder')} submitLabel={t('comments.save')} initial={m.body} autoFocus onSubmit={props.onSave} onCancel={props.onCancelEdit} />
      ) : (
        <CommentBodyView body={m.body} />
      )}
    </div>
  );
}
