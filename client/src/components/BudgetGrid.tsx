import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { PeriodParameters } from '@zhospar/sheets';
import type { Lang, TemplateLike } from '../model/templateTypes';
import type { EditorNotice } from '../univer/EditorController';
import { EditorController } from '../univer/EditorController';
import type { AwarenessLike, PresenceUser } from '../univer/presence/PresenceController';

export interface BudgetGridProps {
  doc: Y.Doc;
  documentName: string;
  title: string;
  lang: Lang;
  isReadOnly: () => boolean;
  resolveTemplate: (templateId: string) => TemplateLike | undefined;
  awareness: AwarenessLike | null;
  user: PresenceUser;
  parameters: PeriodParameters;
  onNotice: (notice: EditorNotice) => void;
  onReady: (controller: EditorController | null) => void;
}

/**
 * The Univer grid of one document, bound to its Y.Doc. Mount it only after the provider's first
 * sync: the workbook is built from the doc's state at mount time.
 */
export function BudgetGrid(props: BudgetGridProps): ReactNode {
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<EditorController | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const p = propsRef.current;
    const controller = new EditorController({
      container,
      doc: p.doc,
      documentName: p.documentName,
      title: p.title,
      lang: p.lang,
      isReadOnly: () => propsRef.current.isReadOnly(),
      resolveTemplate: p.resolveTemplate,
      awareness: p.awareness,
      user: p.user,
      parameters: p.parameters,
      onNotice: (n) => propsRef.current.onNotice(n),
    });
    controllerRef.current = controller;
    p.onReady(controller);
    return () => {
      propsRef.current.onReady(null);
      controllerRef.current = null;
      controller.dispose();
    };
  }, [props.doc, props.documentName]);

  useEffect(() => {
    controllerRef.current?.setLang(props.lang);
  }, [props.lang]);

  return <div className="budget-grid" ref={containerRef} />;
}
