import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/apiClient';
import { AppHeader } from '../components/AppHeader';
import { ConsolidatedExportButton } from '../exchange/ConsolidatedExportButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { StatusBadge } from '../components/StatusBadge';
import { useSession } from '../hooks/useSession';
import { useI18n } from '../i18n/I18nProvider';
import { formatDateTime } from '../workflow/format';
import type { DesktopEntry, WorkflowStatus } from '../workflow/workflowApi';
import { fetchDesktop } from '../workflow/workflowApi';
import { statusKey, versionKindKey } from '../workflow/workflowUi';
import type { StatusChangedEvent } from '../workflow/workspaceEvents';
import { connectWorkspaceEvents } from '../workflow/workspaceEvents';

type State = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; entries: DesktopEntry[] };

const FILTERS: ReadonlyArray<WorkflowStatus | 'ALL'> = ['ALL', 'IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'];
/** How long a row changed by a live event stays highlighted, ms. */
const FLASH_MS = 4000;

/**
 * Рабочий стол куратора: every document of the subordinate organisations with status, failing
 * controls and open remarks, filtered by status. Live: each `document:*` event of socket.io
 * re-reads `GET /api/desktop` (coalesced) and highlights the rows it changed; a reconnect re-reads
 * too (events may have been missed while offline).
 */
export function DesktopRoute(): ReactNode {
  const { t, lang } = useI18n();
  const session = useSession();
  const token = session?.token ?? null;
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [filter, setFilter] = useState<WorkflowStatus | 'ALL'>('ALL');
  const [live, setLive] = useState<boolean | null>(null);
  const [flash, setFlash] = useState<ReadonlySet<string>>(new Set());
  const [lastEvent, setLastEvent] = useState<StatusChangedEvent | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const load = useCallback(async (): Promise<void> => {
    // Coalesce: one request at a time, one more after it if events came meanwhile.
    if (inFlight.current !== null) {
      again.current = true;
      return inFlight.current;
    }
    const run = async (): Promise<void> => {
      do {
        again.current = false;
        try {
          const entries = await fetchDesktop();
          // Events came while reading: this answer may predate them, the next read replaces it.
          if (!again.current) setState({ kind: 'ready', entries });
        } catch (error) {
          setState((s) => (s.kind === 'ready' ? s : { kind: 'error', error }));
        }
      } while (again.current);
    };
    inFlight.current = run().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (token === null) return;
    const timers = new Set<number>();
    const touched = (documentId: string): void => {
      setFlash((f) => new Set(f).add(documentId));
      const timer = window.setTimeout(() => {
        timers.delete(timer);
        setFlash((f) => {
          const next = new Set(f);
          next.delete(documentId);
          return next;
        });
      }, FLASH_MS);
      timers.add(timer);
      void load();
    };
    const close = connectWorkspaceEvents(token, {
      onReady: () => {
        setLive(true);
        void load();
      },
      onDisconnect: () => setLive(false),
      onStatusChanged: (e) => {
        setLastEvent(e);
        // Patch the row at once from the event; the re-read that follows brings the rest.
        setState((st) =>
          st.kind !== 'ready'
            ? st
            : {
                kind: 'ready',
                entries: st.entries.map((entry) =>
                  entry.document.id !== e.documentId
                    ? entry
                    : { ...entry, document: { ...entry.document, status: e.to as WorkflowStatus, updatedAt: e.at }, failingControls: e.failingControls ?? entry.failingControls },
                ),
              },
        );
        touched(e.documentId);
      },
      onCreated: (e) => touched(e.documentId),
      onSigned: (e) => touched(e.documentId),
    });
    return () => {
      close();
      for (const timer of timers) window.clearTimeout(timer);
    };
  }, [token, load]);

  const entries = state.kind === 'ready' ? state.entries : [];
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const e of entries) c.set(e.document.status, (c.get(e.document.status) ?? 0) + 1);
    return c;
  }, [entries]);
  const shown = useMemo(
    () =>
      entries
        .filter((e) => filter === 'ALL' || e.document.status === filter)
        .sort(
          (a, b) =>
            a.document.organisation.nameRu.localeCompare(b.document.organisation.nameRu, 'ru') ||
            a.document.title.localeCompare(b.document.title, 'ru') ||
            a.versionNumber - b.versionNumber,
        ),
    [entries, filter],
  );

  const forbidden = state.kind === 'error' && state.error instanceof ApiError && state.error.status === 403;

  return (
    <div className="page">
      <AppHeader />
      <main className="list-page desktop-page">
        <div className="desktop-head">
          <div>
            <h1>{t('desk.title')}</h1>
            <p className="muted">{t('desk.subtitle')}</p>
          </div>
          <ConsolidatedExportButton />
          {live !== null && (
            <span className={`live-indicator ${live ? 'live-on' : 'live-off'}`} role="status" data-testid="desktop-live">
              <span className="live-dot" aria-hidden="true" />
              {live ? t('desk.live') : t('desk.offline')}
            </span>
          )}
        </div>
        {state.kind === 'loading' && <LoadingState text={t('common.loading')} />}
        {forbidden && <p className="info-box">{t('desk.forbidden')}</p>}
        {state.kind === 'error' && !forbidden && <ErrorMessage error={state.error} onRetry={() => void load()} />}
        {state.kind === 'ready' && (
          <>
            <div className="desktop-filters" role="group" aria-label={t('desk.filter')}>
              {FILTERS.map((f) => {
                const count = f === 'ALL' ? entries.length : (counts.get(f) ?? 0);
                return (
                  <button
                    key={f}
                    type="button"
                    aria-pressed={filter === f}
                    className={`filter-chip${filter === f ? ' active' : ''}`}
                    onClick={() => setFilter(f)}
                    data-testid={`desk-filter-${f}`}
                  >
                    {f === 'ALL' ? t('desk.all') : t(statusKey(f))} <span className="filter-count">{count}</span>
                  </button>
                );
              })}
            </div>
            {lastEvent !== null && (
              <p className="desktop-last-event small" aria-live="polite" data-testid="desktop-last-event">
                {t('desk.lastEvent', { time: formatDateTime(lastEvent.at, lang), name: lastEvent.by.fullName, title: lastEvent.title, status: t(statusKey(lastEvent.to)) })}
              </p>
            )}
            {entries.length === 0 ? (
              <div className="empty-state">
                <p className="empty-title">{t('desk.empty')}</p>
              </div>
            ) : shown.length === 0 ? (
              <div className="empty-state">
                <p className="empty-title">{t('desk.emptyFilter')}</p>
              </div>
            ) : (
              <table className="doc-table desktop-table" data-testid="desktop-table">
                <caption className="visually-hidden">{t('desk.count', { count: shown.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('desk.col.organisation')}</th>
                    <th scope="col">{t('desk.col.document')}</th>
                    <th scope="col">{t('desk.col.version')}</th>
                    <th scope="col">{t('desk.col.status')}</th>
                    <th scope="col">{t('desk.col.controls')}</th>
                    <th scope="col" className="num">
                      {t('desk.col.remarks')}
                    </th>
                    <th scope="col">{t('desk.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e) => {
                    const d = e.document;
                    return (
                      <tr key={d.id} className={flash.has(d.id) ? 'row-flash' : undefined} data-document-id={d.id} data-status={d.status}>
                        <td>{lang === 'kk' ? d.organisation.nameKk || d.organisation.nameRu : d.organisation.nameRu}</td>
                        <td>
                          <a href={`#/documents/${encodeURIComponent(d.id)}`}>{d.title}</a>
                          <div className="muted small">{[d.programCode, d.subprogramCode].filter((x) => x !== null && x !== '').join('.')}</div>
                        </td>
                        <td className="nowrap">{t('version.label', { number: e.versionNumber, kind: t(versionKindKey(d.versionKind)) })}</td>
                        <td>
                          <StatusBadge status={d.status} />
                        </td>
                        <td className="nowrap">
                          {e.failingControls.errors === 0 && e.failingControls.warnings === 0 ? (
                            <span className="count count-passed">✓ {t('desk.passed')}</span>
                          ) : (
                            <>
                              {e.failingControls.errors > 0 && <span className="count count-error">{t('controls.errors', { count: e.failingControls.errors })}</span>}{' '}
                              {e.failingControls.warnings > 0 && <span className="count count-warning">{t('controls.warnings', { count: e.failingControls.warnings })}</span>}
                            </>
                          )}
                        </td>
                        <td className="num">{e.openRemarks > 0 ? <span className="count count-warning">{e.openRemarks}</span> : <span className="muted">0</span>}</td>
                        <td className="nowrap">{formatDateTime(d.updatedAt, lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </>
        )}
      </main>
    </div>
  );
}
