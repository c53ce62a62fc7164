import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '../api/apiClient';
import { listDocuments } from '../api/apiClient';
import { AppHeader } from '../components/AppHeader';
import { CreateDocumentDialog } from '../components/CreateDocumentDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { ru } from '../i18n/messages';

type State = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; documents: DocumentSummary[] };

/** Formats an ISO timestamp for the list (local time, Russian or Kazakh month names). */
function formatUpdated(iso: string | null, lang: string): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'kk' ? 'kk-KZ' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The documents the user may see. */
export function DocumentListRoute(): ReactNode {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(() => {
    setState({ kind: 'loading' });
    listDocuments().then(
      (documents) => setState({ kind: 'ready', documents }),
      (error: unknown) => setState({ kind: 'error', error }),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <div className="page">
      <AppHeader />
      <main className="list-page">
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
          <h1>{t('docs.title')}</h1>
          <CreateDocumentDialog />
        </div>
        {state.kind === 'loading' && <LoadingState text={t('common.loading')} />}
        {state.kind === 'error' && <ErrorMessage error={state.error} onRetry={load} />}
        {state.kind === 'ready' && state.documents.length === 0 && (
          <div className="empty-state">
            <p className="empty-title">{t('docs.empty')}</p>
            <p className="muted">{t('docs.emptyHint')}</p>
          </div>
        )}
        {state.kind === 'ready' && state.documents.length > 0 && (
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">{t('docs.col.title')}</th>
                <th scope="col">{t('docs.col.organisation')}</th>
                <th scope="col">{t('docs.col.program')}</th>
                <th scope="col">{t('docs.col.status')}</th>
                <th scope="col">{t('docs.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {state.documents.map((d) => {
                const kindKey = `kind.${d.kind}`;
                const kindLabel = kindKey in ru ? t(kindKey as MessageKey) : d.kind;
                return (
                  <tr key={d.id}>
                    <td>
                      <a href={`#/documents/${encodeURIComponent(d.id)}`}>{d.title}</a>
                      <div className="muted small">{kindLabel}</div>
                    </td>
                    <td>{d.organisation[lang] || d.organisation.ru}</td>
                    <td>{d.program || '—'}</td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td className="nowrap">{formatUpdated(d.updatedAt, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
