import { describe, expect, it } from 'vitest';
import {
  MAX_COMMENT_TEXT,
  checkCommentBody,
  commentBodyMentions,
  commentBodyText,
  normalizeCommentBody,
  plainCommentBody,
  renderCommentBodyHtml,
  type CommentBody,
} from './commentBody.ts';

const userA = '0b6f1c2a-8b7d-4c6e-9a5b-1d2e3f4a5b6c';

const rich: CommentBody = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'mention', attrs: { id: userA, label: 'Сапарова Айгерим' } },
        { type: 'text', text: ', проверьте ' },
        { type: 'text', text: 'норму', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'приказ', marks: [{ type: 'link', attrs: { href: 'https://adilet.zan.kz/rus/docs/V2500035979' } }] },
      ],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ГСМ' }] }] }] },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'пробег' }] }] }],
    },
  ],
};

function withText(text: string, marks?: unknown[]): unknown {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text, ...(marks ? { marks } : {}) }] }] };
}

describe('comment bodies', () => {
  it('[C11] accepts the allowed schema: paragraphs, lists, hard breaks, mentions, bold, italic, safe links', () => {
    expect(checkCommentBody(rich)).toBeNull();
    expect(checkCommentBody(withText('a', [{ type: 'link', attrs: { href: 'mailto:curator@example.kz' } }]))).toBeNull();
    expect(checkCommentBody(withText('a', [{ type: 'link', attrs: { href: 'http://example.kz/a?b=c#d' } }]))).toBeNull();
  });

  it('[C11] "<script>" in text is just text, and renders escaped', () => {
    const body = withText('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(checkCommentBody(body)).toBeNull();
    const html = renderCommentBodyHtml(body);
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).not.toMatch(/<script|<img/);
  });

  it('[C11] rejects unknown nodes, raw HTML nodes, unknown attrs and marks', () => {
    for (const bad of [
      { type: 'doc', content: [{ type: 'html', content: '<script>alert(1)</script>' }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'html', text: '<b>x</b>' }] }] },
      { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'x' }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'image', attrs: { src: 'x' } }] }] },
      { type: 'doc', content: [{ type: 'paragraph', attrs: { style: 'x' }, content: [{ type: 'text', text: 'x' }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', onclick: 'alert(1)' }] }] },
      { type: 'doc', html: '<p>x</p>', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] },
      withText('x', [{ type: 'code' }]),
      withText('x', [{ type: 'bold', attrs: { style: 'x' } }]),
      withText('x', [{ type: 'bold' }, { type: 'bold' }]),
      withText('x', [{ type: 'link', attrs: { href: 'https://a.kz', target: '_blank' } }]),
      withText('x', [{ type: 'link', attrs: { href: 'https://a.kz', onclick: 'alert(1)' } }]),
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: userA, label: 'x', href: 'javascript:alert(1)' } }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'admin', label: 'x' } }] }] },
      { type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] }] },
      { type: 'doc', content: [{ type: 'bulletList', content: [] }] },
      { type: 'doc', content: [] },
      { type: 'doc', content: [{ type: 'paragraph' }] },
      '<p>x</p>',
      null,
      [],
    ]) {
      expect(checkCommentBody(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it('[C12] rejects javascript:, data:, vbscript: and disguised links', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'HTTPS://a.kz',
      '//evil.example/x',
      'https:/\\evil.example',
      'https://a.kz/"onmouseover="alert(1)',
      'https://a.kz/<script>',
      'https://',
      `https://a.kz/${'a'.repeat(3000)}`,
      '',
    ]) {
      expect(checkCommentBody(withText('x', [{ type: 'link', attrs: { href } }])), href).not.toBeNull();
    }
  });

  it('[C12] enforces size limits: text, nodes, depth, mentions; no control characters or lone surrogates', () => {
    expect(checkCommentBody(withText('a'.repeat(MAX_COMMENT_TEXT)))).toBeNull();
    expect(checkCommentBody(withText('a'.repeat(MAX_COMMENT_TEXT + 1)))).toMatch(/characters/);
    const many = { type: 'doc', content: Array.from({ length: 2001 }, () => ({ type: 'paragraph', content: [{ type: 'text', text: 'a' }] })) };
    expect(checkCommentBody(many)).toMatch(/nodes/);
    let deep: unknown = { type: 'paragraph', content: [{ type: 'text', text: 'x' }] };
    for (let i = 0; i < 10; i += 1) deep = { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'y' }] }, deep] }] };
    expect(checkCommentBody({ type: 'doc', content: [deep] })).toMatch(/deeper/);
    const mentions = Array.from({ length: 21 }, () => ({ type: 'mention', attrs: { id: userA, label: 'a' } }));
    expect(checkCommentBody({ type: 'doc', content: [{ type: 'paragraph', content: mentions }] })).toMatch(/mentions/);
    expect(checkCommentBody(withText('a\u0000b'))).not.toBeNull();
    expect(checkCommentBody(withText('a\uD800b'))).not.toBeNull();
    expect(checkCommentBody(withText('таб\tи перевод\nстроки'))).toBeNull();
  });

  it('[C11] extracts mentions and plain text', () => {
    expect(commentBodyMentions(rich)).toEqual([userA]);
    expect(commentBodyText(rich)).toBe('@Сапарова Айгерим, проверьте норму\nприказ\n• ГСМ\n3. пробег');
    expect(commentBodyText(plainCommentBody('один\n\nдва'))).toBe('один\n\nдва');
  });

  it('[C11] normalizes tiptap getJSON() output (default link/mention/list attrs) and refuses what the schema lacks', () => {
    const fromTiptap = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { textAlign: null },
          content: [
            { type: 'mention', attrs: { id: userA, label: 'Айгерим', mentionSuggestionChar: '@' } },
            { type: 'text', text: ' см. ', marks: [] },
            { type: 'text', text: 'ссылку', marks: [{ type: 'link', attrs: { href: 'https://a.kz', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } }] },
          ],
        },
        { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] }] },
      ],
    };
    expect(normalizeCommentBody(fromTiptap)).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'mention', attrs: { id: userA, label: 'Айгерим' } },
            { type: 'text', text: ' см. ' },
            { type: 'text', text: 'ссылку', marks: [{ type: 'link', attrs: { href: 'https://a.kz' } }] },
          ],
        },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] }] },
      ],
    });
    expect(normalizeCommentBody(withText('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)', target: '_blank' } }]))).toBeNull();
    expect(normalizeCommentBody({ type: 'doc', content: [{ type: 'codeBlock', content: [{ type: 'text', text: 'x' }] }] })).toBeNull();
    expect(normalizeCommentBody({ type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'text', text: 'x' }] }] })).toBeNull();
  });
});
