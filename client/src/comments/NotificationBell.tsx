/**
 * The bell in the header: unread count, an inbox dropdown (newest first, read/unread, mark all
 * read) and a short toast when `notification:new` arrives. A click opens the document on the
 * thread (`#/documents/<id>?thread=<threadId>`) and marks the notification read.
 */
import type { ReactNode } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../hooks/useSession';
import type { NotificationEvent } from './commentsApi';
import { connectNotifications, fetchNotifications, markAllNotificationsRead, markNotificationRead, threadHref } from './commentsApi';
import { useCommentsT } from './commentsText';
import './comments.css';

export function NotificationBell(): ReactNode {
  const t = useCommentsT();
  const session = useSession();
  const token = session?.token ?? null;
  const [items, setItems] = useState<NotificationEvent[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState(false);
  const [open, setOpen] = useState(false);
  const [toast, setToast] = useState<NotificationEvent | null>(null);
  const toastTimer = useRef<number | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    fetchNotifications().then(
      (inbox) => {
        setItems(inbox.notifications);
        setUnread(inbox.unreadCount);
        setError(false);
      },
      () => setError(true),
    );
  }, []);

  useEffect(() => {
    if (token === null) return;
    load();
    return connectNotifications(token, {
      onReady: load,
      onNotification: (e) => {
        setItems((list) => [e, ...(list ?? []).filter((n) => n.id !== e.id)]);
        if (!e.read) setUnread((n) => n + 1);
        setToast(e);
        window.clearTimeout(toastTimer.current);
        toastTimer.current = window.setTimeout(() => setToast(null), 8000);
      },
    });
  }, [token, load]);

  useEffect(() => () => window.clearTimeout(toastTimer.current), []);

  // Close on Escape or a click outside.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (box.current !== null && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (token === null) return null;

  const markRead = (n: NotificationEvent): void => {
    if (n.read) return;
    setItems((list) => (list ?? []).map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    setUnread((c) => Math.max(0, c - 1));
    markNotificationRead(n.id).catch(() => load());
  };
  const readAll = (): void => {
    setItems((list) => (list ?? []).map((x) => ({ ...x, read: true })));
    setUnread(0);
    markAllNotificationsRead().catch(() => load());
  };
  const headline = (n: NotificationEvent): string => t(n.kind === 'mention' ? 'notifications.mention' : 'notifications.reply', { name: n.actor.fullName });

  return (
    <div className="notification-bell" ref={box}>
      <button
        type="button"
        ref={button}
        onClick={() => {
          setOpen(!open);
          if (!open) load();
        }}
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={t('notifications.open', { count: unread })}
        title={t('notifications.open', { count: unread })}
        data-testid="notification-bell"
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="notification-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="notification-inbox" role="region" aria-label={t('notifications.title')} data-testid="notification-inbox">
          <div className="notification-inbox-head">
            <strong>{t('notifications.title')}</strong>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={readAll}>
                {t('notifications.readAll')}
              </button>
            )}
          </div>
          {error && items === null ? (
            <p className="error-box">{t('notifications.error')}</p>
          ) : items === null ? (
            <p className="muted" style={{ padding: 12 }}>
              <span className="spinner" aria-hidden="true" />
            </p>
          ) : items.length === 0 ? (
            <p className="muted" style={{ padding: 12 }}>
              {t('notifications.empty')}
            </p>
          ) : (
            <ul>
              {items.map((n) => (
                <li key={n.id} className={`notification-item${n.read ? '' : ' unread'}`} data-testid="notification-item">
                  <a
                    href={threadHref(n.documentId, n.threadId)}
                    onClick={() => {
                      markRead(n);
                      setOpen(false);
                    }}
                  >
                    {headline(n)} · {n.documentTitle}
                    <span className="notification-excerpt">{n.excerpt}</span>
                    <span className="muted small">{new Date(n.createdAt).toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' })}</span>
                  </a>
                  {!n.read && (
                    <button type="button" className="link-button" onClick={() => markRead(n)} title={t('notifications.markRead')} aria-label={t('notifications.markRead')}>
                      ✓
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {toast !== null && (
        <div className="notification-toast" role="status" data-testid="notification-toast">
          <a
            href={threadHref(toast.documentId, toast.threadId)}
            onClick={() => {
              markRead(toast);
              setToast(null);
            }}
          >
            {headline(toast)}
          </a>
          <span>{toast.excerpt}</span>
          <button type="button" className="link-button" onClick={() => setToast(null)} aria-label="✕">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
