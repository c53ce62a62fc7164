/**
 * Prisma 7 types `Bytes` columns (Document.yjsState) as `Uint8Array<ArrayBuffer>`, while Yjs and
 * Node buffers give `Uint8Array<ArrayBufferLike>`. Returns the same bytes typed for Prisma, copying
 * only when the backing store is not a plain ArrayBuffer (e.g. a SharedArrayBuffer).
 */
export function toBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}
