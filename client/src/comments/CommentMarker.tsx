import type { ReactNode } from 'react';

/** The triangle in a commented cell's corner; a click opens the cell's first thread in the panel. */
export function CommentMarker(props: { cellKey: string; count: number; resolved: boolean; title: string; onOpen: () => void }): ReactNode {
  return (
    <button
      type="button"
      className={`comment-marker${props.resolved ? ' resolved' : ''}`}
      data-comment-cell={props.cellKey}
      data-count={props.count}
      title={props.title}
      aria-label={props.title}
      tabIndex={-1}
      onClick={props.onOpen}
    />
  );
}
