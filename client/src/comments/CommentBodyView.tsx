import type { ReactNode } from 'react';
import type { CommentBlock, CommentBody, CommentInline, CommentListItem } from '@zhospar/collab';
import { isSafeLink } from '@zhospar/collab';

/**
 * Renders a stored comment body ([C11]) as React elements: only the allowed nodes and marks, text
 * as text (never HTML), links only with a safe `href`, opened in a new tab without the opener.
 */
export function CommentBodyView({ body }: { body: CommentBody }): ReactNode {
  return <div className="comment-body">{body.content.map((block, i) => renderBlock(block, i))}</div>;
}

function renderBlock(block: CommentBlock, key: number): ReactNode {
  switch (block.type) {
    case 'paragraph':
      return <p key={key}>{(block.content ?? []).map((node, i) => renderInline(node, i))}</p>;
    case 'bulletList':
      return <ul key={key}>{block.content.map((item, i) => renderItem(item, i))}</ul>;
    case 'orderedList':
      return (
        <ol key={key} start={block.attrs?.start}>
          {block.content.map((item, i) => renderItem(item, i))}
        </ol>
      );
    default:
      return null;
  }
}

function renderItem(item: CommentListItem, key: number): ReactNode {
  return <li key={key}>{item.content.map((block, i) => renderBlock(block, i))}</li>;
}

function renderInline(node: CommentInline, key: number): ReactNode {
  if (node.type === 'hardBreak') return <br key={key} />;
  if (node.type === 'mention')
    return (
      <span key={key} className="mention" data-mention-id={node.attrs.id}>
        @{node.attrs.label}
      </span>
    );
  let out: ReactNode = node.text;
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') out = <strong>{out}</strong>;
    else if (mark.type === 'italic') out = <em>{out}</em>;
    else if (mark.type === 'link' && isSafeLink(mark.attrs.href))
      out = (
        <a href={mark.attrs.href} target="_blank" rel="noopener noreferrer nofollow">
          {out}
        </a>
      );
  }
  return <span key={key}>{out}</span>;
}
