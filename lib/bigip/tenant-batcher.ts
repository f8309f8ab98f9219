/**
 * Coalesced tenant writes: AS3 holds one lock per device, so the fastest deploy is one POST per device
 * carrying every changed tenant (as CIS does). Concurrent `deployTenant` calls for one device gather
 * for a short window; while a POST is in flight the next ones queue, and the next POST carries all of
 * them (`/declare/T1,T2,…`). Each caller gets its own tenant's result: a tenant AS3 fails fails only
 * its caller, and a tenant whose declaration is invalid is taken out and the others sent again.
 */
import { createHash } from 'node:crypto';
import { toCanonicalJson } from '../core/canonical';
import type { BigipClient, Json, TenantForWrite } from './client';
import { As3ValidationError } from './errors';
import type { DeployResult } from './results';

/** One tenant write: the request that declares it and the key of the read its ownership check used. */
export interface TenantWrite {
  readonly tenant: string;
  /** The AS3 request (`class: AS3`) or bare ADC declaration holding this tenant. */
  readonly declaration: Json;
  /** `optimisticLockKey` from `readTenantForWrite`: AS3 applies the tenant only if nobody changed it since. */
  readonly lockKey: string;
}

/** A write announced before its ownership read; see `TenantDeployBatcher.reserve`. */
export interface WriteReservation {
  /** The ownership read, in one GET shared with the other reads of this device meanwhile. */
  read(tenant: string): Promise<TenantForWrite>;
  deploy(write: TenantWrite): Promise<DeployResult>;
  /** The write will not come (its read or check failed). */
  cancel(): void;
}

export interface TenantBatcherOptions {
  /**
   * A batch is sent once no new write arrived for this long and no reserved write is still being
   * prepared (its ownership read in flight).
   * @default 10
   */
  readonly quietMs?: number;
  /**
   * ... or at the latest this long after its first write arrived, even with reserved writes outstanding.
   * @default 1000
   */
  readonly maxWaitMs?: number;
  /**
   * At most this many tenants in one POST.
   * @default 200
   */
  readonly maxTenants?: number;
}

interface Pending {
  readonly write: TenantWrite;
  readonly envelope: string;
  /** Sent on its own: it was in a batch AS3 refused as a whole and could not be pinned down. */
  solo: boolean;
  readonly resolve: (result: DeployResult) => void;
  readonly reject: (error: unknown) => void;
}

interface PendingRead {
  readonly tenant: string;
  readonly resolve: (value: TenantForWrite) => void;
  readonly reject: (error: unknown) => void;
}

/** Reads arriving within this many milliseconds of each other share a GET. */
const READ_QUIET_MS = 3;
/** Characters of tenant names in one GET's path. */
const READ_URL_BUDGET = 3000;

const ADC_ENVELOPE_IGNORED = new Set(['id', 'label', 'remark']);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request around the tenants; writes with equal envelopes (ids and labels aside) can share a POST. */
function envelopeOf(declaration: Json): string {
  const request = declaration.class === 'AS3' ? declaration : { class: 'AS3', declaration };
  const { declaration: adc, ...wrapper } = request as Json;
  const adcEnvelope: Json = {};
  if (isRecord(adc)) {
    for (const [key, value] of Object.entries(adc)) {
      const isTenant = isRecord(value) && value.class === 'Tenant';
      if (!isTenant && !ADC_ENVELOPE_IGNORED.has(key)) adcEnvelope[key] = value;
    }
  }
  return toCanonicalJson({ wrapper, adc: adcEnvelope });
}

/** One request holding every tenant of the batch, in the envelope of the first. */
export function mergeDeclarations(writes: readonly TenantWrite[]): Json {
  const first = writes[0];
  if (!first) throw new Error('mergeDeclarations needs at least one write');
  if (writes.length === 1) return first.declaration;
  const request: Json =
    first.declaration.class === 'AS3'
      ? { ...first.declaration }
      : { class: 'AS3', action: 'deploy', persist: true, declaration: first.declaration };
  const firstAdc = request.declaration as Json;
  const adc: Json = {};
  for (const [key, value] of Object.entries(firstAdc)) {
    if (!(isRecord(value) && value.class === 'Tenant')) adc[key] = value;
  }
  const tenants = writes.map((w) => w.tenant);
  const digest = createHash('sha256').update(tenants.join(',')).digest('hex').slice(0, 16);
  adc.id = `urn:vks-bigip:batch:${tenants.length}-tenants:${digest}`;
  delete adc.remark;
  for (const write of writes) {
    const source = write.declaration.class === 'AS3' ? write.declaration.declaration : write.declaration;
    adc[write.tenant] = isRecord(source) ? source[write.tenant] : undefined;
  }
  request.declaration = adc;
  return request;
}

/** The part of a batch's result that concerns one tenant. */
function scopedTo(result: DeployResult, tenant: string): DeployResult {
  const results = result.results.filter((r) => r.tenant === tenant);
  const failed = result.failed.filter((r) => r.tenant === tenant);
  return { ...result, tenants: [tenant], results, failed, ok: failed.length === 0 };
}

/** The tenant AS3's first validation error points into (`/T/A/x: …`), when it is one of the batch. */
function culprit(error: As3ValidationError, tenants: readonly string[]): string | undefined {
  for (const text of [...error.errors, error.message]) {
    const match = /(?:^|\s)\/([A-Za-z][0-9A-Za-z_.-]*)(?:[/:]|$)/.exec(text);
    if (match && tenants.includes(match[1] as string)) return match[1];
  }
  return undefined;
}

export class TenantDeployBatcher {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly maxTenants: number;
  private pending: Pending[] = [];
  private pendingReads: PendingRead[] = [];
  private readTimer: NodeJS.Timeout | undefined;
  /** Writes announced with `reserve()` that have not arrived yet. */
  private reserved = 0;
  private inFlight = false;
  private quietTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  /** POSTs sent (diagnostics and tests). */
  posts = 0;

  constructor(
    private readonly client: BigipClient,
    options: TenantBatcherOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 10;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.maxTenants = options.maxTenants ?? 200;
  }

  /**
   * Announces a write that is still being prepared (its ownership read): the next batch waits for it,
   * so tenants whose operations started together share one POST. Call `deploy` or `cancel` on it.
   */
  reserve(): WriteReservation {
    this.reserved += 1;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.reserved -= 1;
      return true;
    };
    return {
      read: (tenant) => this.readTenant(tenant),
      deploy: (write) => {
        close();
        return this.deployTenant(write);
      },
      cancel: () => {
        if (close() && this.pending.length > 0) this.schedule();
      },
    };
  }

  private readTenant(tenant: string): Promise<TenantForWrite> {
    return new Promise<TenantForWrite>((resolve, reject) => {
      this.pendingReads.push({ tenant, resolve, reject });
      clearTimeout(this.readTimer);
      this.readTimer = setTimeout(() => this.flushReads(), READ_QUIET_MS);
    });
  }

  private flushReads(): void {
    this.readTimer = undefined;
    const reads = this.pendingReads;
    this.pendingReads = [];
    const names = [...new Set(reads.map((r) => r.tenant))];
    // Chunks keep the request line short (tenant names are up to 190 characters).
    const chunks: string[][] = [];
    let chunk: string[] = [];
    let length = 0;
    for (const name of names) {
      if (chunk.length > 0 && length + name.length > READ_URL_BUDGET) {
        chunks.push(chunk);
        chunk = [];
        length = 0;
      }
      chunk.push(name);
      length += name.length + 1;
    }
    if (chunk.length > 0) chunks.push(chunk);
    for (const names of chunks) {
      this.client.readTenantsForWrite(names).then(
        (found) => {
          for (const r of reads) {
            const value = found.get(r.tenant);
            if (value && names.includes(r.tenant)) r.resolve(value);
          }
        },
        (error: unknown) => {
          for (const r of reads) if (names.includes(r.tenant)) r.reject(error);
        },
      );
    }
  }

  /** Deploys one tenant, in a POST shared with the other tenants written to this device meanwhile. */
  deployTenant(write: TenantWrite): Promise<DeployResult> {
    return new Promise<DeployResult>((resolve, reject) => {
      let envelope: string;
      try {
        envelope = envelopeOf(write.declaration);
      } catch (error) {
        reject(error);
        return;
      }
      this.pending.push({ write, envelope, solo: false, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight) return; // the POST in flight sends the queue when it ends
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.quietFlush(), this.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(), this.maxWaitMs);
  }

  /** After a quiet spell: send, unless announced writes are still on their way (they reschedule). */
  private quietFlush(): void {
    this.quietTimer = undefined;
    if (this.reserved > 0) return;
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.takeBatch();
    this.inFlight = true;
    void this.send(batch).finally(() => {
      this.inFlight = false;
      // Whatever queued during the POST goes in the next one, without another wait.
      if (this.pending.length > 0) this.flush();
    });
  }

  /** The first pending write and every later one that can share its POST. */
  private takeBatch(): Pending[] {
    const first = this.pending[0] as Pending;
    if (first.solo) return this.pending.splice(0, 1);
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<string>();
    for (const entry of this.pending) {
      const fits =
        !entry.solo &&
        entry.envelope === first.envelope &&
        !seen.has(entry.write.tenant) &&
        batch.length < this.maxTenants;
      if (fits) {
        batch.push(entry);
        seen.add(entry.write.tenant);
      } else {
        rest.push(entry);
      }
    }
    this.pending = rest;
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    const writes = batch.map((p) => p.write);
    const tenants = writes.map((w) => w.tenant);
    this.posts += 1;
    try {
      const result = await this.client.deploy(mergeDeclarations(writes), tenants, {
        optimisticLockKeys: Object.fromEntries(writes.map((w) => [w.tenant, w.lockKey])),
      });
      for (const entry of batch) entry.resolve(scopedTo(result, entry.write.tenant));
    } catch (error) {
      if (!(error instanceof As3ValidationError) || batch.length === 1) {
        for (const entry of batch) entry.reject(error);
        return;
      }
      // AS3 validates the whole declaration first: one invalid tenant refuses the request. Only that
      // tenant's write fails; the others go again (each on its own when the error names none of them).
      const guilty = culprit(error, tenants);
      const again = batch.filter((entry) => entry.write.tenant !== guilty);
      for (const entry of batch) if (entry.write.tenant === guilty) entry.reject(error);
      if (guilty === undefined) for (const entry of again) entry.solo = true;
      this.pending.unshift(...again);
    }
  }
}
