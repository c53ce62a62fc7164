/**
 * Client side of the collaboration protocol (CONTRACTS.md, "Protocol"); the constants and
 * messages live in `@zhospar/collab`.
 */
import { CloseCode, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@zhospar/collab';

export { CloseCode, closeCodeMessage, decodeUpdateRejected, formatDocumentName, isCloseCode } from '@zhospar/collab';
export type { UpdateRejectedMessage } from '@zhospar/collab';

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set<number>([CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.NotFound, CloseCode.ProtocolMismatch]);

/** The collaboration websocket URL for the page's origin, with the protocol version. */
export function collabUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/collab?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`;
}
