import type { ReactNode } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import type { TemplateLike } from '../model/templateTypes';
import { exposeTestApi } from '../testing/exposeTestApi';
import type { EditorController, EditorNotice } from '../univer/EditorController';
import type { AwarenessLike, PresenceUser } from '../univer/presence/PresenceController';
import { BudgetGrid } from './BudgetGrid';
import { PresenceAvatars } from './PresenceAvatars';

const NOTICE_KEYS: Record<Exclude<EditorNotice, { unknownTemplate: string }>, MessageKey> = {
  'read-only': 'editor.readOnlyCell',
  'read-only-cell': 'editor.readOnlyCell',
  'read-only-document': 'editor.readOnly',
  number: 'editor.invalidNumber',
  date: 'editor.invalidDate',
  formula: 'editor.noFormulas',
  structure: 'editor.structureBlocked',
  'rows-not-allowed': 'editor.rowsNotAllowed',
  'select-dynamic-row': 'editor.selectDynamicRow',
};

export interface EditorViewProps {
  doc: Y.Doc;
  documentName: string;
  title: string;
  subtitle?: ReactNode;
  readOnly: boolean;
  awareness: AwarenessLike | null;
  user: PresenceUser;
  resolveTemplate: (templateId: string) => TemplateLike | undefined;
  connectionStatus: () => string;
  /** Banner above the grid (connection state). */
  banner?: ReactNode;
  /** Status text at the right of the toolbar (saved / unsynced). */
  syncText?: string;
  /** Server-side rejections etc. pushed from outside. */
  externalNotice?: string | null;
}

/** Editor screen body: toolbar, presence, banner, the grid and transient notices. */
export function EditorView(props: EditorViewProps): ReactNode {
  const { t, lang } = useI18n();
  const [controller, setController] = useState<EditorController | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const readOnlyRef = useRef(props.readOnly);
  readOnlyRef.current = props.readOnly;
  const statusRef = useRef(props.connectionStatus);
  statusRef.current = props.connectionStatus;

  const show = useCallback((text: string) => {
    setNotice(text);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setNotice(null), 4000);
  }, []);

  const onNotice = useCallback(
    (n: EditorNotice) => {
      if (typeof n === 'object') show(t('editor.unknownTemplate', { id: n.unknownTemplate }));
      else show(t(NOTICE_KEYS[n]));
    },
    [show, t],
  );

  useEffect(() => {
    if (props.externalNotice) show(props.externalNotice);
  }, [props.externalNotice, show]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    if (controller === null) return;
    return exposeTestApi(controller, props.documentName, () => statusRef.current());
  }, [controller, props.documentName]);

  // Alt+Insert inserts a row below the selection, Alt+Delete deletes it (capture: before Univer).
  useEffect(() => {
    if (controller === null) return;
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Insert') {
        e.preventDefault();
        e.stopPropagation();
        controller.insertRowBelowSelection();
      } else if (e.key === 'Delete') {
        e.preventDefault();
        e.stopPropagation();
        controller.deleteSelectedRow();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [controller]);

  return (
    <div className="editor">
      <div className="editor-bar">
        <div className="editor-title">
          <h1>{props.title}</h1>
          {props.subtitle}
        </div>
        <div className="editor-actions" role="toolbar" aria-label={props.title}>
          <button type="button" onClick={() => controller?.insertRowBelowSelection()} disabled={controller === null || props.readOnly} title="Alt+Insert" aria-keyshortcuts="Alt+Insert">
            ＋ {t('editor.insertRow')}
          </button>
          <button type="button" onClick={() => controller?.deleteSelectedRow()} disabled={controller === null || props.readOnly} title="Alt+Delete" aria-keyshortcuts="Alt+Delete">
            − {t('editor.deleteRow')}
          </button>
          <button type="button" onClick={() => controller?.binding.undo()} disabled={controller === null || props.readOnly} title="Ctrl+Z" aria-keyshortcuts="Control+Z">
            ↶ {t('editor.undo')}
          </button>
          <button type="button" onClick={() => controller?.binding.redo()} disabled={controller === null || props.readOnly} title="Ctrl+Y" aria-keyshortcuts="Control+Y">
            ↷ {t('editor.redo')}
          </button>
          {props.readOnly && <span className="readonly-badge">{t('editor.readOnly')}</span>}
        </div>
        <PresenceAvatars presence={controller?.presence ?? null} />
        {props.syncText !== undefined && (
          <span className="sync-text muted small" aria-live="polite">
            {props.syncText}
          </span>
        )}
      </div>
      {props.banner}
      <BudgetGrid
        doc={props.doc}
        documentName={props.documentName}
        title={props.title}
        lang={lang}
        isReadOnly={() => readOnlyRef.current}
        resolveTemplate={props.resolveTemplate}
        awareness={props.awareness}
        user={props.user}
        onNotice={onNotice}
        onReady={setController}
      />
      <div className="notice-region" aria-live="assertive">
        {notice !== null && (
          <div className="notice" role="alert">
            {notice}
          </div>
        )}
      </div>
    </div>
  );
}
