import type { ReactNode } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import type { SheetTemplate } from '@zhospar/sheets';
import { listTemplates, sheetIdFor } from '@zhospar/sheets';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Calculation forms that may still be added to a document: templates of the document's kind with
 * a specific (one form per specific), whose sheet id is not in the document yet, by specific code.
 */
export function addableForms(documentKind: string, existingSheetIds: readonly string[], templates: readonly SheetTemplate[] = listTemplates()): SheetTemplate[] {
  const existing = new Set(existingSheetIds);
  return templates
    .filter((tpl) => tpl.documentKind === documentKind && tpl.specific !== undefined && !existing.has(sheetIdFor(tpl)))
    .sort((a, b) => (a.specific ?? '').localeCompare(b.specific ?? ''));
}

export interface AddFormDialogProps {
  forms: readonly SheetTemplate[];
  onAdd: (template: SheetTemplate) => void;
  onClose: () => void;
}

/**
 * Modal dialog (native `<dialog>`: focus stays inside, Escape closes) listing the calculation
 * forms not yet in the document as radio buttons (arrow keys move, Enter adds).
 */
export function AddFormDialog({ forms, onAdd, onClose }: AddFormDialogProps): ReactNode {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [selected, setSelected] = useState<string | null>(forms[0]?.id ?? null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  const chosen = forms.find((f) => f.id === selected) ?? null;

  return (
    <dialog
      ref={ref}
      className="add-form-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-hint`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen !== null) onAdd(chosen);
        }}
      >
        <h2 id={`${id}-title`}>{t('editor.addFormTitle')}</h2>
        <p id={`${id}-hint`} className="muted small">
          {t('editor.addFormHint')}
        </p>
        {forms.length === 0 ? (
          <p>{t('editor.addFormNone')}</p>
        ) : (
          <div className="form-options" role="radiogroup" aria-labelledby={`${id}-title`}>
            {forms.map((tpl, i) => (
              <label key={tpl.id} className={`form-option${tpl.id === selected ? ' selected' : ''}`}>
                <input type="radio" name={`${id}-form`} value={tpl.id} checked={tpl.id === selected} onChange={() => setSelected(tpl.id)} autoFocus={i === 0} />
                <span className="form-code">{tpl.specific}</span>
                <span className="form-title">{tpl.title[lang] || tpl.title.ru}</span>
              </label>
            ))}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={chosen === null}>
            {t('editor.addFormSubmit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
