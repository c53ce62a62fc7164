/**
 * Protocol constants of CONTRACTS.md ("Protocol"). Mirrors `@zhospar/collab` until the client
 * imports them from there; the values are the wire contract and must not drift.
 */
export const PROTOCOL_VERSION = 1;

export const CloseCode = {
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  ProtocolMismatch: 4426,
  UpdateRejected: 4422,
  TooLarge: 4413,
  LoadFailed: 4503,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.NotFound, CloseCode.ProtocolMismatch]);

/** Hocuspocus document name `<kind>.<uuid>`. */
export function formatDocumentName(kind: string, documentId: string): string {
  return `${kind}.${documentId}`;
}

/** The collaboration websocket URL for the page's origin, with the protocol version. */
export function collabUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/collab?protocol=${PROTOCOL_VERSION}`;
}

export interface UpdateRejectedMessage {
  type: 'update-rejected';
  reason: string;
  message: { ru: string; kk: string };
}

/** Parses the server's stateless `update-rejected` message; null for anything else. */
export function parseStateless(payload: string): UpdateRejectedMessage | null {
  try {
    const v: unknown = JSON.parse(payload);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    const m = o.message as Record<string, unknown> | undefined;
    if (o.type !== 'update-rejected' || typeof m !== 'object' || m === null) return null;
    return { type: 'update-rejected', reason: String(o.reason ?? ''), message: { ru: String(m.ru ?? ''), kk: String(m.kk ?? m.ru ?? '') } };
  } catch {
    return null;
  }
}
