import type { FormEvent, ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

export interface WorkflowDialogProps {
  title: string;
  /** Text under the title (also the dialog's description for screen readers). */
  hint?: string;
  children?: ReactNode;
  /** Label of the submit button; without it the dialog only has «Закрыть». */
  submitLabel?: string;
  submitDisabled?: boolean;
  busy?: boolean;
  /** Danger styling of the submit button (returning a document). */
  danger?: boolean;
  onSubmit?: () => void;
  onClose: () => void;
  wide?: boolean;
  testId?: string;
}

/**
 * Modal dialog of the workflow screens (native `<dialog>`: focus stays inside, Escape closes, focus
 * returns to the opener): title, hint, content, Cancel/Close and an optional submit button.
 */
export function WorkflowDialog(props: WorkflowDialogProps): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!props.submitDisabled && !props.busy) props.onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      className={`wf-dialog${props.wide ? ' wf-dialog-wide' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={props.hint === undefined ? undefined : `${id}-hint`}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id={`${id}-title`}>{props.title}</h2>
        {props.hint !== undefined && (
          <p id={`${id}-hint`} className="muted">
            {props.hint}
          </p>
        )}
        {props.children}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {props.onSubmit === undefined ? t('common.close') : t('common.cancel')}
          </button>
          {props.onSubmit !== undefined && (
            <button type="submit" className={props.danger ? 'primary danger' : 'primary'} disabled={props.submitDisabled === true || props.busy === true}>
              {props.busy ? t('wf.busy') : props.submitLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
