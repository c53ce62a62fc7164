/**
 * Workflow messages on the collaboration channel (SPEC.md [P9]).
 *
 * When a document's status changes (submitted, returned, approved), the server switches every open
 * connection of that document to read-only or back at once and tells each client with the
 * stateless message
 * `{"type":"status-changed","status":<DocumentStatus>,"readOnly":<boolean>,"reason":<string|null>}`.
 * `readOnly` is per connection (what this user may do in the new status); `reason` is the return
 * reason («возвращен на доработку») and null otherwise.
 */

/** «в работе», «отправлен на проверку», «возвращен на доработку», «утвержден». */
export type WorkflowStatus = 'IN_WORK' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** Every {@link WorkflowStatus}, in workflow order. */
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = ['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'];

/** The stateless message sent to each open connection of a document whose status changed. */
export interface StatusChangedMessage {
  type: 'status-changed';
  status: WorkflowStatus;
  /** True when this connection may no longer edit (its updates are dropped by the server). */
  readOnly: boolean;
  /** Return reason, or null. */
  reason: string | null;
}

/** True for one of {@link WORKFLOW_STATUSES}. */
export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return typeof value === 'string' && (WORKFLOW_STATUSES as readonly string[]).includes(value);
}

/** Serializes a status-changed message (keys in a fixed order). */
export function encodeStatusChanged(message: Omit<StatusChangedMessage, 'type'>): string {
  if (!isWorkflowStatus(message.status)) throw new Error(`Unknown status: ${String(message.status)}`);
  return JSON.stringify({
    type: 'status-changed',
    status: message.status,
    readOnly: message.readOnly === true,
    reason: typeof message.reason === 'string' ? message.reason : null,
  });
}

/**
 * Parses a stateless payload; `null` unless it is exactly a status-changed message ([P9]): a JSON
 * object with exactly the keys `type`, `status`, `readOnly`, `reason`, a known status, a boolean
 * `readOnly` and a string or null `reason`.
 */
export function decodeStatusChanged(payload: string): StatusChangedMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(record);
  const expected = ['type', 'status', 'readOnly', 'reason'];
  if (keys.length !== expected.length || !expected.every((k) => Object.prototype.hasOwnProperty.call(record, k))) return null;
  if (record['type'] !== 'status-changed' || !isWorkflowStatus(record['status'])) return null;
  if (typeof record['readOnly'] !== 'boolean') return null;
  const reason = record['reason'];
  if (reason !== null && typeof reason !== 'string') return null;
  return { type: 'status-changed', status: record['status'], readOnly: record['readOnly'], reason };
}
