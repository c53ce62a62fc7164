import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SheetTemplate } from '@zhospar/sheets';
import { listTemplates, sheetIdFor } from '@zhospar/sheets';
import { AppHeader } from '../components/AppHeader';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n/I18nProvider';
import type { Lang } from '../model/templateTypes';
import { formatDateTime, formatValue } from '../workflow/format';
import type { CellChange, VersionDiff, VersionEntry } from '../workflow/workflowApi';
import { fetchVersionDiff, fetchVersions, fetchWorkflowDocument } from '../workflow/workflowApi';
import { versionKindKey } from '../workflow/workflowUi';

type ListState = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; versions: VersionEntry[]; documentKind: string };
type DiffState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; diff: VersionDiff };

/** The template of a sheet id within a document kind (the latest edition in the catalogue). */
function templatesBySheet(documentKind: string): Map<string, SheetTemplate> {
  const out = new Map<string, SheetTemplate>();
  for (const tpl of listTemplates()) if (tpl.documentKind === documentKind) out.set(sheetIdFor(tpl), tpl);
  return out;
}

interface ChangeLabels {
  sheet: string;
  sheetOrder: number;
  row: string;
  rowOrder: number;
  column: string;
  colOrder: number;
}

/** Form, row and column of a changed cell in words, from the templates (@zhospar/sheets). */
function labelsOf(change: CellChange, templates: Map<string, SheetTemplate>, order: Map<string, number>, lang: Lang, dynamicRow: string): ChangeLabels {
  const tpl = templates.get(change.sheetId);
  if (tpl === undefined) return { sheet: change.sheetId, sheetOrder: 1e9, row: change.rowId, rowOrder: 1e9, column: change.colId, colOrder: 1e9 };
  const rowIndex = tpl.rows.findIndex((r) => r.kind === 'fixed' && r.id === change.rowId);
  const fixed = rowIndex >= 0 ? tpl.rows[rowIndex] : undefined;
  const row = fixed !== undefined && fixed.kind === 'fixed' ? [fixed.code, fixed.title[lang] || fixed.title.ru].filter((x) => x !== undefined && x !== '').join(' · ') : dynamicRow;
  const colIndex = tpl.columns.findIndex((c) => c.id === change.colId);
  const col = tpl.columns[colIndex];
  return {
    sheet: `${tpl.formCode} ${tpl.title[lang] || tpl.title.ru}`,
    sheetOrder: order.get(change.sheetId) ?? 1e9,
    row,
    rowOrder: rowIndex >= 0 ? rowIndex : tpl.rows.findIndex((r) => r.kind === 'dynamic'),
    column: col === undefined ? change.colId : col.title[lang] || col.title.ru,
    colOrder: colIndex >= 0 ? colIndex : 1e9,
  };
}

/**
 * История версий (план → уточнение → корректировка) of a document: every version of the chain the
 * user may read, and two of them compared side by side — each changed cell (form, row, column)
 * old → new, inputs and calculated values. Opens comparing the previous version with this one.
 */
export function VersionsRoute({ id }: { id: string }): ReactNode {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [diff, setDiff] = useState<DiffState>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);

  const compare = useCallback(async (a: string, b: string): Promise<void> => {
    setDiff({ kind: 'loading' });
    try {
      setDiff({ kind: 'ready', diff: await fetchVersionDiff(a, b) });
    } catch (error) {
      setDiff({ kind: 'error', error });
    }
  }, []);

  useEffect(() => {
    let live = true;
    setList({ kind: 'loading' });
    Promise.all([fetchVersions(id), fetchWorkflowDocument(id)]).then(
      ([versions, doc]) => {
        if (!live) return;
        setList({ kind: 'ready', versions, documentKind: doc.kind });
        const index = versions.findIndex((v) => v.id === id);
        const current = versions[index];
        const previous = index > 0 ? versions[index - 1] : versions[index + 1];
        if (current !== undefined && previous !== undefined) {
          const [a, b] = previous.versionNumber < current.versionNumber ? [previous, current] : [current, previous];
          setFrom(a.id);
          setTo(b.id);
          void compare(a.id, b.id);
        }
      },
      (error: unknown) => live && setList({ kind: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [id, attempt, compare]);

  const versions = list.kind === 'ready' ? list.versions : [];
  const templates = useMemo(() => (list.kind === 'ready' ? templatesBySheet(list.documentKind) : new Map<string, SheetTemplate>()), [list]);
  const rows = useMemo(() => {
    if (diff.kind !== 'ready') return [];
    const order = new Map([...templates.keys()].map((k, i) => [k, i]));
    return diff.diff.changes
      .map((change) => ({ change, labels: labelsOf(change, templates, order, lang, t('ver.col.row')) }))
      .sort(
        (a, b) =>
          a.labels.sheetOrder - b.labels.sheetOrder ||
          a.labels.rowOrder - b.labels.rowOrder ||
          a.change.rowId.localeCompare(b.change.rowId) ||
          a.labels.colOrder - b.labels.colOrder,
      );
  }, [diff, templates, lang, t]);

  const label = (v: VersionEntry): string => t('version.label', { number: v.versionNumber, kind: t(versionKindKey(v.versionKind)) });
  const empty = t('ver.empty');

  return (
    <div className="page">
      <AppHeader>
        <a href={`#/documents/${encodeURIComponent(id)}`} className="back-link">
          ← {t('ver.back')}
        </a>
      </AppHeader>
      <main className="list-page versions-page">
        <h1>{t('ver.title')}</h1>
        {list.kind === 'loading' && <LoadingState text={t('common.loading')} />}
        {list.kind === 'error' && <ErrorMessage error={list.error} onRetry={() => setAttempt((a) => a + 1)} />}
        {list.kind === 'ready' && (
          <>
            <p className="muted">{versions[0]?.title}</p>
            <form
              className="versions-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (from !== null && to !== null && from !== to) void compare(from, to);
              }}
            >
              <table className="doc-table versions-table" data-testid="versions-table">
                <thead>
                  <tr>
                    <th scope="col">{t('ver.col.version')}</th>
                    <th scope="col">{t('ver.col.status')}</th>
                    <th scope="col">{t('ver.col.created')}</th>
                    <th scope="col">{t('ver.col.approved')}</th>
                    <th scope="col" className="center">
                      {t('ver.col.from')}
                    </th>
                    <th scope="col" className="center">
                      {t('ver.col.to')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.id} className={v.id === id ? 'row-current' : undefined} data-version-id={v.id}>
                      <th scope="row">
                        <a href={`#/documents/${encodeURIComponent(v.id)}`}>{label(v)}</a>
                        {v.id === id && <span className="muted small"> ({t('ver.current')})</span>}
                      </th>
                      <td>
                        <StatusBadge status={v.status} />
                      </td>
                      <td className="nowrap">{formatDateTime(v.createdAt, lang)}</td>
                      <td className="nowrap">{v.snapshot === null ? '—' : formatDateTime(v.snapshot.createdAt, lang)}</td>
                      <td className="center">
                        <input type="radio" name="from" aria-label={`${t('ver.col.from')}: ${label(v)}`} checked={from === v.id} onChange={() => setFrom(v.id)} />
                      </td>
                      <td className="center">
                        <input type="radio" name="to" aria-label={`${t('ver.col.to')}: ${label(v)}`} checked={to === v.id} onChange={() => setTo(v.id)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {versions.length < 2 ? (
                <p className="muted">{t('ver.single')}</p>
              ) : (
                <div className="versions-compare">
                  <span className="muted small">{t('ver.compareHint')}</span>
                  <button type="submit" className="primary" disabled={from === null || to === null || from === to || diff.kind === 'loading'}>
                    {t('ver.compare')}
                  </button>
                  {from !== null && from === to && <span className="field-error">{t('ver.sameVersion')}</span>}
                </div>
              )}
            </form>
            {diff.kind === 'loading' && <LoadingState text={t('common.loading')} />}
            {diff.kind === 'error' && <ErrorMessage error={diff.error} />}
            {diff.kind === 'ready' && (
              <section className="diff-section" aria-labelledby="diff-title" data-testid="version-diff">
                <h2 id="diff-title">
                  {t('ver.compareTitle')}: {t('version.label', { number: diff.diff.from.versionNumber, kind: t(versionKindKey(diff.diff.from.versionKind)) })} (
                  {t(diff.diff.from.source === 'snapshot' ? 'ver.source.snapshot' : 'ver.source.current')}) →{' '}
                  {t('version.label', { number: diff.diff.to.versionNumber, kind: t(versionKindKey(diff.diff.to.versionKind)) })} (
                  {t(diff.diff.to.source === 'snapshot' ? 'ver.source.snapshot' : 'ver.source.current')})
                </h2>
                {rows.length === 0 ? (
                  <div className="empty-state">
                    <p className="empty-title">{t('ver.noChanges')}</p>
                  </div>
                ) : (
                  <>
                    <p className="muted">{t('ver.changes', { count: rows.length })}</p>
                    <table className="doc-table diff-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('ver.col.sheet')}</th>
                          <th scope="col">{t('ver.col.row')}</th>
                          <th scope="col">{t('ver.col.column')}</th>
                          <th scope="col" className="num">
                            {t('ver.col.old')}
                          </th>
                          <th scope="col" className="num">
                            {t('ver.col.new')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map(({ change, labels }) => (
                          <tr key={`${change.sheetId}/${change.rowId}/${change.colId}`} className={change.kind === 'calculated' ? 'diff-calculated' : undefined}>
                            <td>{labels.sheet}</td>
                            <td>{labels.row}</td>
                            <td>
                              {labels.column}
                              {change.kind === 'calculated' && <span className="muted small"> ({t('ver.calculated')})</span>}
                            </td>
                            <td className="num diff-old">{formatValue(change.old, empty)}</td>
                            <td className="num diff-new">{formatValue(change.new, empty)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
              </section>
            )}
          </>
        )}
      </main>
    </div>
  );
}
