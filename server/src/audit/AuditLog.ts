import { Prisma, type AuditEventKind, type PrismaClient } from '@zhospar/prisma';

/** A JSON value of an audit event (cell values, order keys, details). */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/** One event of the journal (журнал аудита), as recorded. */
export interface AuditEventInput {
  kind: AuditEventKind;
  documentId: string | null;
  userId: string | null;
  iin: string | null;
  sheetId?: string;
  rowId?: string;
  colId?: string;
  oldValue?: AuditValue;
  newValue?: AuditValue;
  reason?: string | null;
  details?: AuditValue;
  occurredAt: Date;
}

/** A refused access (журнал: отказ в доступе), recorded as an `ACCESS_DENIED` event. */
export interface AccessDenial {
  channel: 'http' | 'collab';
  /** Why: `unauthorized`, `forbidden`, `not-found`, `foreign-origin`, … */
  code: string;
  userId?: string | null;
  iin?: string | null;
  /** What was asked for: `METHOD /path` (no query, at most 200 chars) or the collaboration document name. */
  target: string;
  address?: string;
}

/** At most this many access denials are recorded per second; the rest are counted in one summary event. */
export const ACCESS_DENIALS_PER_SECOND = 200;

export interface AuditLogOptions {
  /** How often buffered events are written, ms (default 250). */
  flushIntervalMs?: number;
  /** Most rows per INSERT (default 2000). */
  maxBatch?: number;
}

/**
 * The append-only audit log (the table refuses UPDATE/DELETE by trigger). Cell changes arrive on
 * the editing hot path, so `record` only buffers; a timer writes the buffer in multi-row INSERTs
 * off that path. A failed write keeps the events and retries; `close()` writes everything left,
 * so a clean shutdown loses nothing.
 */
export class AuditLog {
  private buffer: AuditEventInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  /** Events written since start, for tests and operations. */
  written = 0;

  constructor(
    private readonly prisma: PrismaClient,
    options: AuditLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 2000;
  }

  private deniedWindowStart = 0;
  private deniedInWindow = 0;
  private deniedSuppressed = 0;

  /**
   * Records a refused access. Cheap (buffered like cell events) and bounded: a flood of bad tokens
   * or guessed ids cannot grow the log faster than {@link ACCESS_DENIALS_PER_SECOND} rows a second.
   */
  recordAccessDenied(denial: AccessDenial): void {
    const now = Date.now();
    if (now - this.deniedWindowStart >= 1000) {
      if (this.deniedSuppressed > 0) {
        this.record({ kind: 'ACCESS_DENIED', documentId: null, userId: null, iin: null, reason: 'suppressed', details: { suppressed: this.deniedSuppressed }, occurredAt: new Date(now) });
      }
      this.deniedWindowStart = now;
      this.deniedInWindow = 0;
      this.deniedSuppressed = 0;
    }
    if (this.deniedInWindow >= ACCESS_DENIALS_PER_SECOND) {
      this.deniedSuppressed += 1;
      return;
    }
    this.deniedInWindow += 1;
    const iin = denial.iin && /^\d{12}$/.test(denial.iin) ? denial.iin : null;
    this.record({
      kind: 'ACCESS_DENIED',
      documentId: null,
      userId: denial.userId ?? null,
      iin,
      reason: denial.code.slice(0, 64),
      details: { channel: denial.channel, target: denial.target.slice(0, 200), ...(denial.address ? { address: denial.address } : {}) },
      occurredAt: new Date(now),
    });
  }

  /** Buffers an event; it is written within `flushIntervalMs`. */
  record(event: AuditEventInput): void {
    this.buffer.push(event);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Events buffered and not yet written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far (after any write in progress). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.maxBatch);
      try {
        await this.prisma.auditEvent.createMany({ data: batch.map(toRow) });
      } catch (error) {
        console.error(`[audit] writing ${batch.length} events failed; keeping them for the next attempt`, error);
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.flush();
          }, Math.max(this.flushIntervalMs, 1000));
          this.timer.unref();
        }
        return;
      }
      this.buffer.splice(0, batch.length);
      this.written += batch.length;
    }
  }
}

/** A row for `auditEvent.create(Many)`; used by transactional writers too. */
export function toRow(event: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    kind: event.kind,
    documentId: event.documentId,
    userId: event.userId,
    iin: event.iin,
    sheetId: event.sheetId ?? null,
    rowId: event.rowId ?? null,
    colId: event.colId ?? null,
    oldValue: jsonOrNull(event.oldValue),
    newValue: jsonOrNull(event.newValue),
    reason: event.reason ?? null,
    details: jsonOrNull(event.details),
    occurredAt: event.occurredAt,
  };
}

function jsonOrNull(value: AuditValue | undefined): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === undefined || value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
