import type { FormEvent, ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { ApiError, apiRequest, parseDocument } from '../api/apiClient';
import { useI18n } from '../i18n/I18nProvider';

type Kind = 'budget-request' | 'financing-plan' | 'pkfo';

const texts = {
  ru: {
    open: 'Создать документ',
    title: 'Новый документ',
    kind: 'Вид документа',
    'budget-request': 'Бюджетная заявка',
    'financing-plan': 'Индивидуальный план финансирования',
    pkfo: 'ПКФО (для администратора бюджетных программ)',
    program: 'Код бюджетной программы',
    programHint: '3 цифры, например 003',
    create: 'Создать',
    cancel: 'Отмена',
    creating: 'Создание…',
    invalidProgram: 'Код программы состоит из трёх цифр.',
  },
  kk: {
    open: 'Құжат жасау',
    title: 'Жаңа құжат',
    kind: 'Құжат түрі',
    'budget-request': 'Бюджеттік өтінім',
    'financing-plan': 'Қаржыландырудың жеке жоспары',
    pkfo: 'БШҚЕ (бюджеттік бағдарламалар әкімшісі үшін)',
    program: 'Бюджеттік бағдарлама коды',
    programHint: '3 цифр, мысалы 003',
    create: 'Жасау',
    cancel: 'Болдырмау',
    creating: 'Жасалуда…',
    invalidProgram: 'Бағдарлама коды үш цифрдан тұрады.',
  },
} as const;

/**
 * «Создать документ»: a budget request or financing plan of the user's institution, or the PKFO
 * package of an administrator. The server decides who may (POST /api/documents) and says why not.
 */
export function CreateDocumentDialog(): ReactNode {
  const { lang } = useI18n();
  const text = texts[lang === 'kk' ? 'kk' : 'ru'];
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<Kind>('budget-request');
  const [program, setProgram] = useState('003');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setError(null), [kind, program]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (kind !== 'pkfo' && !/^[0-9]{3}$/.test(program)) {
      setError(text.invalidProgram);
      return;
    }
    setBusy(true);
    try {
      const body = kind === 'pkfo' ? { kind } : { kind, programCode: program };
      const created = parseDocument(await apiRequest('/api/documents', { method: 'POST', body: JSON.stringify(body) }));
      dialog.current?.close();
      if (created) window.location.hash = `#/documents/${encodeURIComponent(created.id)}`;
    } catch (caught) {
      setError(caught instanceof ApiError && caught.localized ? caught.localized[lang === 'kk' ? 'kk' : 'ru'] : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="primary" onClick={() => dialog.current?.showModal()}>
        + {text.open}
      </button>
      <dialog ref={dialog} className="add-form-dialog" aria-labelledby="create-document-title">
        <form onSubmit={(e) => void submit(e)}>
          <h2 id="create-document-title">{text.title}</h2>
          <fieldset>
            <legend>{text.kind}</legend>
            {(['budget-request', 'financing-plan', 'pkfo'] as const).map((k) => (
              <label key={k} style={{ display: 'block' }}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {text[k]}
              </label>
            ))}
          </fieldset>
          {kind !== 'pkfo' && (
            <label>
              {text.program}
              <input value={program} onChange={(e) => setProgram(e.target.value.trim())} inputMode="numeric" maxLength={3} aria-describedby="create-document-program-hint" />
              <span id="create-document-program-hint" className="muted small">
                {' '}
                {text.programHint}
              </span>
            </label>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
            <button type="button" onClick={() => dialog.current?.close()}>
              {text.cancel}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? text.creating : text.create}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
