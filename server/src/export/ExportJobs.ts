/**
 * Export jobs (фоновая выгрузка) for large documents: the UI starts a job, polls its progress
 * (cells written of the total, reported by `writeWorkbook`'s `onProgress`) and downloads the file
 * when it is done. Jobs belong to the user who started them (anyone else gets not-found), write to
 * a private temp folder, run at most `concurrency` at once per process (the rest wait in order, at
 * most `maxQueued`), and are deleted with their file `ttlMs` after they finish.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError, apiErrorMessage, type LocalizedMessage } from '../http/ApiError.ts';
import type { PreparedExport } from './ExportService.ts';

/** Status of a job as the API reports it. */
export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A job as the API shows it. */
export interface ExportJobView {
  jobId: string;
  status: ExportJobStatus;
  cellsWritten: number;
  /** Known once the job runs (0 before). */
  totalCells: number;
  fileName: string;
  /** Bytes of the finished file. */
  bytes: number | null;
  createdAt: string;
  /** When the job and its file are deleted. */
  expiresAt: string;
  error?: { code: string; message: LocalizedMessage };
}

interface Job {
  id: string;
  userId: string;
  status: ExportJobStatus;
  cellsWritten: number;
  totalCells: number;
  prepared: PreparedExport;
  file: string | null;
  bytes: number | null;
  createdAt: number;
  expiresAt: number;
  error?: { code: string; message: LocalizedMessage };
}

/** Options of {@link ExportJobs}. */
export interface ExportJobsOptions {
  /** Jobs running at once in this process (default 2). */
  concurrency?: number;
  /** Jobs waiting at most; more are refused with `export-busy` (default 20). */
  maxQueued?: number;
  /** Unfinished jobs of one user at most (default 3). */
  maxPerUser?: number;
  /** How long a finished job and its file are kept, ms (default 15 min). */
  ttlMs?: number;
  /** Temp folder parent (default the OS temp folder). */
  tmpDir?: string;
}

/** The in-process export job queue. */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  private dir: Promise<string> | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxPerUser: number;
  private readonly ttlMs: number;

  constructor(private readonly options: ExportJobsOptions = {}) {
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 20;
    this.maxPerUser = options.maxPerUser ?? 3;
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(1000, this.ttlMs / 4)));
    this.sweeper.unref();
  }

  /** Queues an export for `userId`; refused with `export-busy` when the queue or the user's share is full. */
  start(userId: string, prepared: PreparedExport): ExportJobView {
    if (this.closed) throw new ApiError('export-busy');
    const unfinished = [...this.jobs.values()].filter((j) => j.userId === userId && (j.status === 'queued' || j.status === 'running'));
    if (this.queue.length >= this.maxQueued || unfinished.length >= this.maxPerUser) throw new ApiError('export-busy');
    const now = Date.now();
    const job: Job = {
      id: randomUUID(),
      userId,
      status: 'queued',
      cellsWritten: 0,
      totalCells: 0,
      prepared,
      file: null,
      bytes: null,
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.pump();
    return view(job);
  }

  /** The job of `userId`, or not-found (also for other users' jobs and expired ones). */
  get(userId: string, jobId: string): ExportJobView {
    return view(this.own(userId, jobId));
  }

  /** Path and name of a finished job's file; `export-not-ready` before, not-found for others. */
  file(userId: string, jobId: string): { path: string; fileName: string; bytes: number } {
    const job = this.own(userId, jobId);
    if (job.status === 'failed') throw new ApiError('export-failed');
    if (job.status !== 'done' || !job.file) throw new ApiError('export-not-ready');
    return { path: job.file, fileName: job.prepared.fileName, bytes: job.bytes ?? 0 };
  }

  /** Stops taking jobs, waits for running ones (bounded) and deletes every file. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.queue.length = 0;
    const started = Date.now();
    while (this.running > 0 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    this.jobs.clear();
    if (this.dir) await fs.rm(await this.dir, { recursive: true, force: true });
  }

  private own(userId: string, jobId: string): Job {
    const job = this.jobs.get(jobId);
    const finished = job?.status === 'done' || job?.status === 'failed';
    if (!job || job.userId !== userId || (finished && job.expiresAt <= Date.now())) throw new ApiError('not-found');
    return job;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    job.status = 'running';
    const file = path.join(await this.folder(), `${job.id}.xlsx`);
    try {
      const output = createWriteStream(file);
      const done = new Promise<void>((resolve, reject) => {
        output.on('close', resolve);
        output.on('error', reject);
      });
      await job.prepared.write(output, (p) => {
        job.cellsWritten = p.cellsWritten;
        job.totalCells = p.totalCells;
      });
      await done;
      job.file = file;
      job.bytes = (await fs.stat(file)).size;
      job.cellsWritten = job.totalCells;
      job.status = 'done';
      job.expiresAt = Date.now() + this.ttlMs;
    } catch (error) {
      console.error(`[export] job ${job.id} failed`, error);
      job.status = 'failed';
      job.error = { code: 'export-failed', message: apiErrorMessage('export-failed') };
      job.expiresAt = Date.now() + this.ttlMs;
      await fs.rm(file, { force: true });
    }
    if (this.closed) await fs.rm(file, { force: true });
  }

  private folder(): Promise<string> {
    this.dir ??= fs.mkdtemp(path.join(this.options.tmpDir ?? os.tmpdir(), 'zhospar-exports-'));
    return this.dir;
  }

  /** Deletes expired jobs and their files (running jobs finish first). */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const job of [...this.jobs.values()]) {
      if (job.expiresAt > now || job.status === 'running' || job.status === 'queued') continue;
      this.jobs.delete(job.id);
      if (job.file) await fs.rm(job.file, { force: true });
    }
  }
}

function view(job: Job): ExportJobView {
  return {
    jobId: job.id,
    status: job.status,
    cellsWritten: job.cellsWritten,
    totalCells: job.totalCells,
    fileName: job.prepared.fileName,
    bytes: job.bytes,
    createdAt: new Date(job.createdAt).toISOString(),
    expiresAt: new Date(job.expiresAt).toISOString(),
    ...(job.error ? { error: job.error } : {}),
  };
}
