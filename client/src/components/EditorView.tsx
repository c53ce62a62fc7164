import type { ReactNode } from 'react';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { ControlResult } from '@zhospar/formulas';
import type { PeriodParameters, SheetTemplate } from '@zhospar/sheets';
import { sheetIdFor } from '@zhospar/sheets';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import type { TemplateLike } from '../model/templateTypes';
import { exposeTestApi } from '../testing/exposeTestApi';
import type { EditorController, EditorNotice } from '../univer/EditorController';
import type { AwarenessLike, PresenceUser } from '../univer/presence/PresenceController';
import { AddFormDialog, addableForms } from './AddFormDialog';
import { BudgetGrid } from './BudgetGrid';
import { ControlsPanel, groupControls } from './ControlsPanel';
import { PresenceAvatars } from './PresenceAvatars';
import { useCommentsFeature } from '../comments/useCommentsFeature';
import { ExcelActions } from '../exchange/ExcelActions';

const PANEL_KEY = 'zhospar.controlsPanel';
const noopSubscribe = (): (() => void) => () => undefined;
const noControls = (): null => null;

function loadPanelOpen(): boolean {
  try {
    return localStorage.getItem(PANEL_KEY) !== 'closed';
  } catch {
    return true;
  }
}

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
  /** `budget-request` | `financing-plan` | `pkfo`: which forms may be added. */
  documentKind: string;
  title: string;
  subtitle?: ReactNode;
  readOnly: boolean;
  awareness: AwarenessLike | null;
  user: PresenceUser;
  /** Period parameters of the planning round for the formula engine. */
  parameters: PeriodParameters;
  resolveTemplate: (templateId: string) => TemplateLike | undefined;
  connectionStatus: () => string;
  /** Banner above the grid (connection state). */
  banner?: ReactNode;
  /** Status text at the right of the toolbar (saved / unsynced). */
  syncText?: string;
  /** A transient notice pushed from outside. */
  externalNotice?: string | null;
  /** Workflow actions (submit, return, approve, sign, versions, cell history) in the top row; gets the grid's controller. */
  workflow?: (controller: EditorController | null) => ReactNode;
}

/** Editor screen body: toolbar, presence, banner, the grid, the controls panel and transient notices. */
export function EditorView(props: EditorViewProps): ReactNode {
  const { t, lang } = useI18n();
  const [controller, setController] = useState<EditorController | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(loadPanelOpen);
  const [addFormOpen, setAddFormOpen] = useState(false);
  const addFormButton = useRef<HTMLButtonElement>(null);
  const comments = useCommentsFeature(props.documentName, controller);
  const controls: readonly ControlResult[] | null = useSyncExternalStore(controller?.subscribeControls ?? noopSubscribe, controller?.getControls ?? noControls);
  // Counted as the panel lists them: one entry per rule, message and row.
  const groups = controls === null ? [] : groupControls(controls);
  const errorCount = groups.filter((c) => c.severity === 'error').length;
  const warningCount = groups.filter((c) => c.severity === 'warning').length;
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

  const togglePanel = (open: boolean): void => {
    setPanelOpen(open);
    try {
      localStorage.setItem(PANEL_KEY, open ? 'open' : 'closed');
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };

  // Forms that may still be added; recomputed on every render (sheets change rarely, lists are short).
  const forms: SheetTemplate[] = controller === null ? [] : addableForms(props.documentKind, controller.binding.docSheetIds());
  const closeAddForm = (): void => {
    setAddFormOpen(false);
    addFormButton.current?.focus();
  };
  const addForm = (template: SheetTemplate): void => {
    setAddFormOpen(false);
    if (controller?.addSheet(sheetIdFor(template), template.id)) show(t('editor.formAdded', { code: template.formCode }));
  };

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
        <div className="editor-bar-top">
          <div className="editor-title">
            <h1>{props.title}</h1>
            {props.subtitle}
          </div>
          {props.workflow?.(controller)}
          <div className="editor-status">
            {props.syncText !== undefined && (
              <span className="sync-text muted small" aria-live="polite">
                {props.syncText}
              </span>
            )}
            <PresenceAvatars presence={controller?.presence ?? null} />
          </div>
        </div>
        <div className="editor-bar-tools">
          <div className="editor-actions" role="toolbar" aria-label={props.title}>
            <button type="button" onClick={() => controller?.insertRowBelowSelection()} disabled={controller === null || props.readOnly} title="Alt+Insert" aria-keyshortcuts="Alt+Insert">
              ＋ {t('editor.insertRow')}
            </button>
            <button type="button" onClick={() => controller?.deleteSelectedRow()} disabled={controller === null || props.readOnly} title="Alt+Delete" aria-keyshortcuts="Alt+Delete">
              − {t('editor.deleteRow')}
            </button>
            <span className="toolbar-sep" aria-hidden="true" />
            <button type="button" onClick={() => controller?.binding.undo()} disabled={controller === null || props.readOnly} title="Ctrl+Z" aria-keyshortcuts="Control+Z">
              ↶ {t('editor.undo')}
            </button>
            <button type="button" onClick={() => controller?.binding.redo()} disabled={controller === null || props.readOnly} title="Ctrl+Y" aria-keyshortcuts="Control+Y">
              ↷ {t('editor.redo')}
            </button>
            {(forms.length > 0 || addFormOpen) && (
              <>
                <span className="toolbar-sep" aria-hidden="true" />
                <button type="button" ref={addFormButton} onClick={() => setAddFormOpen(true)} disabled={controller === null || props.readOnly} aria-haspopup="dialog" data-testid="add-form">
                  ＋ {t('editor.addForm')}
                </button>
              </>
            )}
            <span className="toolbar-sep" aria-hidden="true" />
            <ExcelActions documentId={props.documentName.slice(props.documentName.indexOf('.') + 1)} controller={controller} readOnly={props.readOnly} />
            {props.readOnly && <span className="readonly-badge">{t('editor.readOnly')}</span>}
          </div>
          {comments.toggle}
          <button
            type="button"
            className={`controls-toggle${errorCount > 0 ? ' has-errors' : warningCount > 0 ? ' has-warnings' : ' passed'}`}
            onClick={() => togglePanel(!panelOpen)}
            aria-expanded={panelOpen}
            aria-controls="controls-panel"
            title={panelOpen ? t('controls.hide') : t('controls.show')}
            data-testid="controls-toggle"
          >
            <span className="controls-toggle-label">{t('controls.title')}:</span>
            {controls === null ? (
              <span className="muted">…</span>
            ) : errorCount === 0 && warningCount === 0 ? (
              <span className="count count-passed">✓ {t('controls.allPassed')}</span>
            ) : (
              <>
                {errorCount > 0 && (
                  <span className="count count-error" data-testid="error-count">
                    {t('controls.errors', { count: errorCount })}
                  </span>
                )}
                {warningCount > 0 && (
                  <span className="count count-warning" data-testid="warning-count">
                    {t('controls.warnings', { count: warningCount })}
                  </span>
                )}
              </>
            )}
          </button>
        </div>
      </div>
      {props.banner}
      <div className="editor-body">
        <BudgetGrid
          doc={props.doc}
          documentName={props.documentName}
          title={props.title}
          lang={lang}
          isReadOnly={() => readOnlyRef.current}
          resolveTemplate={props.resolveTemplate}
          awareness={props.awareness}
          user={props.user}
          parameters={props.parameters}
          onNotice={onNotice}
          onReady={setController}
        />
        {comments.panel}
        {panelOpen && (
          <div id="controls-panel" className="controls-slot">
            <ControlsPanel controller={controller} controls={controls} onClose={() => togglePanel(false)} />
          </div>
        )}
      </div>
      {addFormOpen && <AddFormDialog forms={forms} onAdd={addForm} onClose={closeAddForm} />}
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
