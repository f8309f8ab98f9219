/**
 * AS3's async task records (`asyncHandler.js`): one per write, newest first; at most 25 finished records
 * are kept (pending ones always), and records older than 7 days expire.
 */
import * as crypto from 'node:crypto';
import type { JsonObject } from './declaration-util';
import type { TaskSummary } from './types';

export const MAX_TASK_RECORDS = 25;
const EXPIRE_MS = 7 * 24 * 60 * 60 * 1000;

export interface TaskRecord {
  readonly id: string;
  readonly timestamp: number;
  status: 'pending' | 'complete' | 'cancelled';
  readonly declarationId: string | undefined;
  result?: { readonly status: number; readonly body: JsonObject | undefined };
}

export class TaskStore {
  private records: TaskRecord[] = [];

  constructor(private readonly onChange: () => void = () => undefined) {}

  create(declarationId: string | undefined): TaskRecord {
    const record: TaskRecord = {
      id: crypto.randomUUID(),
      timestamp: Date.now(),
      status: 'pending',
      declarationId,
    };
    this.records.unshift(record);
    this.onChange();
    return record;
  }

  /** Records the outcome; a record that vanished meanwhile (restart) stays vanished, a cancelled one cancelled. */
  complete(id: string, status: number, body: JsonObject | undefined): void {
    const record = this.records.find((r) => r.id === id);
    if (!record || record.status === 'cancelled') return;
    record.status = 'complete';
    record.result = { status, body };
    this.onChange();
  }

  remove(id: string): void {
    this.records = this.records.filter((r) => r.id !== id);
    this.onChange();
  }

  get(id: string): TaskRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  all(): readonly TaskRecord[] {
    return this.records;
  }

  /** AS3 prunes on every non-GET request: newest 25 finished records plus every pending one. */
  prune(now = Date.now()): void {
    const fresh = this.records.filter((r) => now - r.timestamp < EXPIRE_MS);
    const pending = fresh.filter((r) => r.status === 'pending');
    const finished = fresh.filter((r) => r.status !== 'pending').slice(0, MAX_TASK_RECORDS);
    const kept = [...pending, ...finished].sort((a, b) => b.timestamp - a.timestamp);
    if (kept.length !== this.records.length) {
      this.records = kept;
      this.onChange();
    }
  }

  forgetAll(): void {
    this.records = [];
    this.onChange();
  }

  cancelPending(): void {
    for (const record of this.records) if (record.status === 'pending') record.status = 'cancelled';
    this.onChange();
  }

  summaries(): TaskSummary[] {
    return this.records.map((r) => ({ id: r.id, status: r.status, resultStatus: r.result?.status }));
  }

  /** The body of `GET /task/<id>` for one record. */
  static view(record: TaskRecord): JsonObject {
    const body = record.result?.body;
    let results: unknown[];
    if (body && Array.isArray(body.results)) results = body.results;
    else if (body) results = [body];
    else {
      results = [
        {
          message: record.status === 'cancelled' ? 'task cancelled' : 'in progress',
          tenant: '',
          host: '',
          runTime: 0,
          code: 0,
          ...(record.declarationId !== undefined ? { declarationId: record.declarationId } : {}),
        },
      ];
    }
    return {
      id: record.id,
      results,
      declaration: body && body.declaration !== undefined ? body.declaration : {},
      selfLink: `https://localhost/mgmt/shared/appsvcs/task/${record.id}`,
    };
  }

  /** Serializable form for the state file; pending records come back `cancelled`, as after an AS3 restart. */
  toJSON(): TaskRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  load(records: readonly TaskRecord[]): void {
    this.records = records.map((r) => ({ ...r, status: r.status === 'pending' ? 'cancelled' : r.status }));
  }
}
