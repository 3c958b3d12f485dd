import type { Db } from '../db/types.js';
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
 * waits for the commit of its own before answering. Nothing is acknowledged before it is durable; a
 * failed batch fails every request in it.
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
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await store.appendAuditEvents(this.db, batch);
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
