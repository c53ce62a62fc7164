/**
 * The comment editor: tiptap with exactly the nodes and marks of collab [C11] — paragraphs, hard
 * breaks, bullet and ordered lists, bold, italic, safe links, and @mentions of people who may read
 * the document (`mentionable-users`). `onSubmit` gets `normalizeCommentBody(editor.getJSON())`;
 * a body outside the schema or limits is refused here with a message. Ctrl+Enter sends, Escape
 * cancels (when there is a cancel).
 */
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { Extension } from '@tiptap/core';
import Link from '@tiptap/extension-link';
import Mention from '@tiptap/extension-mention';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import type { CommentBody } from '@zhospar/collab';
import { isSafeLink, normalizeCommentBody } from '@zhospar/collab';
import type { MentionableUser } from './commentsApi';
import { fetchMentionableUsers } from './commentsApi';
import { useCommentsT } from './commentsText';

interface MentionItem {
  id: string;
  label: string;
  hint: string;
}

interface SuggestState {
  items: MentionItem[];
  index: number;
  query: string;
  rect: DOMRect | null;
  command: (item: { id: string; label: string }) => void;
}

export interface CommentEditorProps {
  documentId: string;
  placeholder: string;
  submitLabel: string;
  initial?: CommentBody | null;
  autoFocus?: boolean;
  onSubmit: (body: CommentBody) => void;
  onCancel?: () => void;
  /** Test id of the editable area. */
  testId?: string;
}

export function CommentEditor(props: CommentEditorProps): ReactNode {
  const t = useCommentsT();
  const [suggest, setSuggest] = useState<SuggestState | null>(null);
  const [invalid, setInvalid] = useState(false);
  const suggestRef = useRef<SuggestState | null>(null);
  suggestRef.current = suggest;
  const submitRef = useRef<() => void>(() => undefined);
  const cancelRef = useRef<(() => void) | undefined>(props.onCancel);
  cancelRef.current = props.onCancel;
  const documentId = props.documentId;

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        codeBlock: false,
        code: false,
        blockquote: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: false,
        dropcursor: false,
        trailingNode: false,
      }),
      Link.configure({ openOnClick: false, autolink: true, linkOnPaste: true, protocols: ['mailto'], defaultProtocol: 'https', isAllowedUri: (url) => isSafeLink(url) }),
      Mention.configure({
        HTMLAttributes: { class: 'mention' },
        suggestion: {
          char: '@',
          items: async ({ query }: { query: string }): Promise<MentionItem[]> => {
            try {
              const users: MentionableUser[] = await fetchMentionableUsers(documentId, query, 8);
              return users.map((u) => ({ id: u.id, label: u.fullName, hint: u.organisation?.nameRu ?? '' }));
            } catch {
              return [];
            }
          },
          render: () => ({
            onStart: (p: SuggestionProps<MentionItem, { id: string; label: string }>) => setSuggest({ items: p.items, index: 0, query: p.query, rect: p.clientRect?.() ?? null, command: p.command }),
            onUpdate: (p: SuggestionProps<MentionItem, { id: string; label: string }>) => setSuggest({ items: p.items, index: 0, query: p.query, rect: p.clientRect?.() ?? null, command: p.command }),
            onKeyDown: ({ event }: SuggestionKeyDownProps): boolean => {
              const s = suggestRef.current;
              if (s === null) return false;
              if (event.key === 'Escape') {
                setSuggest(null);
                return true;
              }
              if (s.items.length === 0) return false;
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                const step = event.key === 'ArrowDown' ? 1 : -1;
                setSuggest({ ...s, index: (s.index + step + s.items.length) % s.items.length });
                return true;
              }
              if (event.key === 'Enter' || event.key === 'Tab') {
                const item = s.items[s.index];
                if (item !== undefined) s.command({ id: item.id, label: item.label });
                return true;
              }
              return false;
            },
            onExit: () => setSuggest(null),
          }),
        },
      }),
      Extension.create({
        name: 'zhosparCommentKeys',
        addKeyboardShortcuts() {
          return {
            'Mod-Enter': () => {
              submitRef.current();
              return true;
            },
            Escape: () => {
              if (suggestRef.current !== null || cancelRef.current === undefined) return false;
              cancelRef.current();
              return true;
            },
          };
        },
      }),
    ],
    content: props.initial ?? '',
    autofocus: props.autoFocus === true ? 'end' : false,
    editorProps: {
      attributes: {
        class: 'comment-input',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': props.placeholder,
        'data-placeholder': props.placeholder,
        ...(props.testId !== undefined ? { 'data-testid': props.testId } : {}),
      },
    },
  });

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      empty: e.isEmpty,
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      link: e.isActive('link'),
    }),
  });

  submitRef.current = () => {
    const body = normalizeCommentBody(editor.getJSON());
    if (body === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    props.onSubmit(body);
    editor.commands.clearContent(true);
  };

  useEffect(() => () => editor.destroy(), [editor]);

  const toggleLink = (): void => {
    if (editor.isActive('link')) {
      editor.chain().focus().unsetLink().run();
      return;
    }
    const href = window.prompt(t('comments.linkPrompt'), 'https://');
    if (href === null) return;
    const url = href.trim();
    if (!isSafeLink(url)) {
      setInvalid(true);
      return;
    }
    if (editor.state.selection.empty) editor.chain().focus().insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] }).run();
    else editor.chain().focus().setLink({ href: url }).run();
  };

  return (
    <div className="comment-editor">
      <div className="comment-format" role="toolbar" aria-label={props.placeholder}>
        <button type="button" aria-pressed={state.bold} title={`${t('comments.bold')} (Ctrl+B)`} aria-label={t('comments.bold')} onClick={() => editor.chain().focus().toggleBold().run()}>
          <b>Ж</b>
        </button>
        <button type="button" aria-pressed={state.italic} title={`${t('comments.italic')} (Ctrl+I)`} aria-label={t('comments.italic')} onClick={() => editor.chain().focus().toggleItalic().run()}>
          <i>К</i>
        </button>
        <button type="button" aria-pressed={state.bullet} title={t('comments.bulletList')} aria-label={t('comments.bulletList')} onClick={() => editor.chain().focus().toggleBulletList().run()}>
          •≡
        </button>
        <button type="button" aria-pressed={state.ordered} title={t('comments.orderedList')} aria-label={t('comments.orderedList')} onClick={() => editor.chain().focus().toggleOrderedList().run()}>
          1≡
        </button>
        <button type="button" aria-pressed={state.link} title={t('comments.link')} aria-label={t('comments.link')} onClick={toggleLink}>
          ⛓
        </button>
      </div>
      <EditorContent editor={editor} />
      {suggest !== null && (
        <ul className="mention-list" role="listbox" aria-label="@" style={suggest.rect === null ? undefined : { position: 'fixed', left: suggest.rect.left, top: suggest.rect.bottom + 4 }}>
          {suggest.items.length === 0 ? (
            <li className="muted">{t('comments.mentionNone')}</li>
          ) : (
            suggest.items.map((item, i) => (
              <li
                key={item.id}
                role="option"
                aria-selected={i === suggest.index}
                className={i === suggest.index ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  suggest.command({ id: item.id, label: item.label });
                }}
              >
                <span>{item.label}</span>
                {item.hint !== '' && <span className="muted small"> · {item.hint}</span>}
              </li>
            ))
          )}
        </ul>
      )}
      {invalid && (
        <p className="comment-error" role="alert">
          {t('comments.invalid')}
        </p>
      )}
      <div className="comment-editor-actions">
        <span className="muted small">{t('comments.sendShortcut')}</span>
        {props.onCancel !== undefined && (
          <button type="button" onClick={props.onCancel}>
            {t('comments.cancel')}
          </button>
        )}
        <button type="button" className="primary" disabled={state.empty} onClick={() => submitRef.current()}>
          {props.submitLabel}
        </button>
      </div>
    </div>
  );
}
