/**
 * The stored declaration and its history (AS3 keeps the last `historyLimit` declarations, default 4, in
 * data-groups; `GET /declare?age=N` reads them and `action: redeploy` deploys one again).
 */
import { jsonCopy, tenantNames, type JsonObject } from './declaration-util';

export interface HistoryEntry {
  readonly id: string;
  readonly date: string;
  readonly declaration: JsonObject;
}

export class DeclarationStore {
  private history: HistoryEntry[] = [];

  constructor(private readonly onChange: () => void = () => undefined) {}

  /** A copy of the current (age 0) declaration; undefined when nothing was ever stored. */
  current(): JsonObject | undefined {
    const entry = this.history[0];
    return entry ? jsonCopy(entry.declaration) : undefined;
  }

  /** A copy of the declaration of the given age (0 = current). */
  atAge(age: number): JsonObject | undefined {
    const entry = this.history[age];
    return entry ? jsonCopy(entry.declaration) : undefined;
  }

  /** `GET /declare?age=list`. */
  list(): JsonObject[] {
    return this.history.map((entry, age) => ({
      id: entry.id,
      date: entry.date,
      age,
      tenants: tenantNames(entry.declaration),
    }));
  }

  commit(declaration: JsonObject, historyLimit: number): void {
    const id = typeof declaration.id === 'string' ? declaration.id : '';
    this.history.unshift({ id, date: new Date().toISOString(), declaration: jsonCopy(declaration) });
    this.history = this.history.slice(0, Math.max(1, historyLimit));
    this.onChange();
  }

  toJSON(): HistoryEntry[] {
    return jsonCopy(this.history);
  }

  load(entries: readonly HistoryEntry[]): void {
    this.history = jsonCopy([...entries]);
  }
}
