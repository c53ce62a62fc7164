import type { ReactNode } from 'react';

/** A centred spinner with a text, announced politely. */
export function LoadingState({ text }: { text: string }): ReactNode {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}
