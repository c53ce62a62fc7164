/**
 * Checks an uploaded file before any spreadsheet parser sees it: size, container, encryption and
 * decompressed size. An .xlsx is a ZIP; a password-protected ("encrypted") workbook and a legacy
 * .xls are OLE compound files (signature D0 CF 11 E0 A1 B1 1A E1). Every ZIP entry is inflated
 * here with a cap at its declared size, so a ZIP bomb or a lying directory is refused before
 * exceljs loads everything into memory; worksheet cells (`<c `) are counted on the way.
 */
import zlib from 'node:zlib';

/** Limits of an import. */
export interface ImportLimits {
  /** Largest file accepted, bytes (default 20 MiB). */
  maxBytes: number;
  /** Largest total decompressed size, bytes (default 200 MiB). */
  maxUncompressedBytes: number;
  /** Most cells over all worksheets (default 2 000 000). */
  maxCells: number;
  /** Most ZIP entries (default 10 000). */
  maxEntries: number;
}

/** Default limits: 20 MiB, 200 MiB decompressed, 2 million cells. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCells: 2_000_000,
  maxEntries: 10_000,
};

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** Result of the inspection. */
export type InspectResult =
  | { ok: true; cells: number; entries: number; uncompressedBytes: number }
  | { ok: false; code: 'too-large' | 'not-xlsx' | 'encrypted' | 'too-many-cells'; cells?: number };

function countCells(xml: Buffer): number {
  let n = 0;
  for (let i = xml.indexOf('<c'); i >= 0; i = xml.indexOf('<c', i + 2)) {
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f) n++; // "<c ", "<c>", "<c/"
  }
  return n;
}

/** Inspects `bytes` as an .xlsx upload; see the file comment for what is checked. */
export function inspectXlsx(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): InspectResult {
  if (bytes.byteLength > limits.maxBytes) return { ok: false, code: 'too-large' };
  if (bytes.byteLength >= 8 && OLE_SIGNATURE.every((b, i) => bytes[i] === b)) return { ok: false, code: 'encrypted' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.byteLength < 22 || buf.readUInt32LE(0) !== ZIP_LOCAL) return { ok: false, code: 'not-xlsx' };

  // End of central directory: the last 22 bytes plus a comment of up to 65 535 bytes.
  let end = -1;
  for (let i = buf.byteLength - 22; i >= Math.max(0, buf.byteLength - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return { ok: false, code: 'not-xlsx' };
  const entries = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > end) return { ok: false, code: 'not-xlsx' };
  if (entries > limits.maxEntries) return { ok: false, code: 'too-large' };

  let p = cdOffset;
  let uncompressedBytes = 0;
  let cells = 0;
  const names = new Set<string>();
  for (let e = 0; e < entries; e++) {
    if (p + 46 > buf.byteLength || buf.readUInt32LE(p) !== ZIP_CENTRAL) return { ok: false, code: 'not-xlsx' };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) return { ok: false, code: 'encrypted' };
    if (compressed === 0xffffffff || size === 0xffffffff) return { ok: false, code: 'not-xlsx' };
    uncompressedBytes += size;
    if (uncompressedBytes > limits.maxUncompressedBytes) return { ok: false, code: 'too-large' };
    names.add(name.replace(/^\//, ''));

    if (local + 30 > buf.byteLength || buf.readUInt32LE(local) !== ZIP_LOCAL) return { ok: false, code: 'not-xlsx' };
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressed > buf.byteLength) return { ok: false, code: 'not-xlsx' };
    const data = buf.subarray(dataStart, dataStart + compressed);
    let content: Buffer;
    try {
      if (method === 0) content = data;
      else if (method === 8) content = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
      else return { ok: false, code: 'not-xlsx' };
    } catch (error) {
      // Inflating past the declared size (a lying directory or a bomb) or broken data.
      return { ok: false, code: (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'not-xlsx' };
    }
    if (content.byteLength !== size) return { ok: false, code: 'not-xlsx' };
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name.replace(/^\//, ''))) {
      cells += countCells(content);
      if (cells > limits.maxCells) return { ok: false, code: 'too-many-cells', cells };
    }
  }
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) return { ok: false, code: 'not-xlsx' };
  return { ok: true, cells, entries, uncompressedBytes };
}
