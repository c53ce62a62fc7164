import type { AuditEventKind, PrismaClient } from '@zhospar/prisma';
import type { AuditLog } from './AuditLog.ts';

/** An audit event as the API shows it. */
export interface AuditEventView {
  /** Increasing id (a decimal string: the column is bigint). */
  id: string;
  kind: AuditEventKind;
  at: string;
  user: { id: string; iin: string | null; fullName: string | null } | null;
  sheetId: string | null;
  rowId: string | null;
  colId: string | null;
  old: unknown;
  new: unknown;
  reason: string | null;
  details: unknown;
}

/** Reads the audit log of one document; buffered cell events are written first, so a read sees every accepted edit. */
export class AuditQueries {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: AuditLog,
  ) {}

  /** Newest first, `limit` events with ids below `before`. */
  async forDocument(
    documentId: string,
    options: { limit: number; before?: bigint; kind?: AuditEventKind },
  ): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
    await this.log.flush();
    const rows = await this.prisma.auditEvent.findMany({
      where: { documentId, ...(options.before !== undefined ? { id: { lt: options.before } } : {}), ...(options.kind ? { kind: options.kind } : {}) },
      orderBy: { id: 'desc' },
      take: options.limit,
    });
    const events = await this.present(rows);
    return { events, nextBefore: rows.length === options.limit ? (events.at(-1)?.id ?? null) : null };
  }

  /** History of one cell (история ячейки), newest first. */
  async cellHistory(documentId: string, cell: { sheetId: string; rowId: string; colId: string }, limit: number): Promise<AuditEventView[]> {
    await this.log.flush();
    const rows = await this.prisma.auditEvent.findMany({
      where: { documentId, kind: 'CELL', sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return this.present(rows);
  }

  private async present(rows: Awaited<ReturnType<PrismaClient['auditEvent']['findMany']>>): Promise<AuditEventView[]> {
    const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
    const users = new Map(
      (await this.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, fullName: true } })).map((u) => [u.id, u.fullName]),
    );
    return rows.map((row) => ({
      id: row.id.toString(),
      kind: row.kind,
      at: row.occurredAt.toISOString(),
      user: row.userId ? { id: row.userId, iin: row.iin, fullName: users.get(row.userId) ?? null } : null,
      sheetId: row.sheetId,
      rowId: row.rowId,
      colId: row.colId,
      old: row.oldValue,
      new: row.newValue,
      reason: row.reason,
      details: row.details,
    }));
  }
}
