/**
 * `#/dev/editor-preview` (development builds only): the editor on a local Y.Doc built from the
 * real templates, with a simulated colleague. `window.__zhosparDevPeer` edits the peer doc.
 */
import type { ReactNode } from 'react';
import { useEffect, useMemo } from 'react';
import { DEMO_PARAMETERS, getTemplate } from '@zhospar/sheets';
import { AppHeader } from '../components/AppHeader';
import { EditorView } from '../components/EditorView';
import { useI18n } from '../i18n/I18nProvider';
import { colorFor } from '../univer/presence/colorFor';
import type { DevPeerApi } from './buildPreviewDoc';
import { buildPreviewDocs, createDevPeerApi } from './buildPreviewDoc';
import { FakeAwareness } from './FakeAwareness';

declare global {
  interface Window {
    __zhosparDevPeer?: DevPeerApi;
  }
}

export default function DevEditorPreviewRoute(): ReactNode {
  const { t } = useI18n();
  const { doc, peer, documentName } = useMemo(() => buildPreviewDocs(), []);
  const awareness = useMemo(
    () =>
      new FakeAwareness({
        user: { id: 'peer-user', name: 'Бекова Айгерим', color: colorFor('peer-user') },
        cursor: { sheetId: 'f144', rowId: 'p2', colId: 'price' },
      }),
    [],
  );
  useEffect(() => {
    window.__zhosparDevPeer = createDevPeerApi(peer, (sheetId, rowId, colId) => awareness.setPeerField('cursor', { sheetId, rowId, colId }));
    return () => {
      delete window.__zhosparDevPeer;
    };
  }, [peer, awareness]);
  return (
    <div className="page page-editor">
      <AppHeader />
      <EditorView
        doc={doc}
        documentName={documentName}
        documentKind="budget-request"
        parameters={DEMO_PARAMETERS}
        title="Бюджетная заявка (предпросмотр)"
        subtitle={<span className="muted small">{t('editor.preview')}</span>}
        readOnly={false}
        awareness={awareness}
        user={{ id: 'dev-user', name: 'Ахметов Ерлан', color: colorFor('dev-user') }}
        resolveTemplate={getTemplate}
        connectionStatus={() => 'local'}
      />
    </div>
  );
}
