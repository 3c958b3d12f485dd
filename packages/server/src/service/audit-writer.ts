import type { Db } from '../db/types.js';
import { isConnectionError } from '../db/types.js';
import { store } from '../store/store.js';

interface Pending {
  id: string;
  patientId: string | null;
  recorded: string;
  json: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of AuditEvents: the AuditEvents of concurrent requests are written together, in one
 * statement (one transaction, one commit, with the server's synchronous commit), while each request
 * waits for the commit of its own before answering. Nothing is acknowledged before it is durable. A
 * batch the database refused is written again one AuditEvent at a time, so that one it cannot store
 * (a character PostgreSQL refuses, say) fails its own request only; a lost connection fails them
 * all.
 *
 * At most one batch is in flight: what arrives meanwhile forms the next one (up to `maxBatch`).
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 256,
  ) {}

  /**
   * Writes an AuditEvent (JSON as stored: id and meta set).
   * @returns once it is committed.
   */
  write(item: {
    id: string;
    patientId: string | null;
    recorded: string;
    json: string;
  }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the requests answered by the same I/O round join this batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.append(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Writes a batch, or else each of its AuditEvents alone (see the class). */
  private async append(batch: Pending[]): Promise<void> {
    try {
      await store.appendAuditEvents(this.db, batch);
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1 || isConnectionError(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const p of batch) await this.append([p]);
    }
  }
}
