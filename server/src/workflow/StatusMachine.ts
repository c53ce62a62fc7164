import type { Action, DocumentStatus } from '../access/Policy.ts';

/** Actions that change a document's status. */
export type TransitionAction = 'submit' | 'return' | 'approve';

export const TRANSITION_ACTIONS: readonly TransitionAction[] = ['submit', 'return', 'approve'];

/**
 * The status machine (DOMAIN.md §4): «в работе» → «отправлен на проверку» → «утвержден»; from
 * review a document may be «возвращен на доработку» (with a reason) and is submitted again from
 * there. «утвержден» is final: changes after approval are a new version.
 */
export const TRANSITIONS: Readonly<Record<TransitionAction, { from: readonly DocumentStatus[]; to: DocumentStatus }>> = {
  submit: { from: ['IN_WORK', 'RETURNED'], to: 'SUBMITTED' },
  return: { from: ['SUBMITTED'], to: 'RETURNED' },
  approve: { from: ['SUBMITTED'], to: 'APPROVED' },
};

/** True when `action` is a status change. */
export function isTransitionAction(action: Action): action is TransitionAction {
  return (TRANSITION_ACTIONS as readonly string[]).includes(action);
}

/** The status `action` leads to from `status`, or null when the machine has no such edge. */
export function nextStatus(action: TransitionAction, status: DocumentStatus): DocumentStatus | null {
  const transition = TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : null;
}
