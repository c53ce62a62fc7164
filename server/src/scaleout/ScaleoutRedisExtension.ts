import { Redis as RedisExtension, type Configuration } from '@hocuspocus/extension-redis';
import type { onChangePayload, onStoreDocumentPayload } from '@hocuspocus/server';

/**
 * Hocuspocus's Redis extension (document updates and awareness between processes), with two
 * changes for durability:
 *
 * - No store lock. Upstream skips a store while another process holds the Redis lock, which can
 *   drop the skipped process's latest edits when the other one stored before they arrived.
 *   PersistenceExtension instead stores by compare-and-swap on `stateVersion` and merges what is
 *   stored into the live document first, so every store is safe whoever stores in between.
 * - Edits that arrive from another process are stored here too (Hocuspocus skips store hooks for
 *   them). When the process that accepted them is killed before its store, they are still in the
 *   database after this process's store debounce.
 */
export class ScaleoutRedisExtension extends RedisExtension {
  constructor(configuration: Partial<Configuration>) {
    super(configuration);
  }

  override async onStoreDocument(_payload: onStoreDocumentPayload): Promise<void> {
    // Deliberately no lock: see the class comment.
  }

  override async onChange(data: onChangePayload): Promise<void> {
    await super.onChange(data);
    const origin = data.transactionOrigin as { source?: unknown } | null;
    if (origin?.source !== 'redis' || data.document.isLoading) return;
    void this.instance.storeDocumentHooks(data.document, {
      instance: data.instance,
      clientsCount: data.clientsCount,
      document: data.document,
      lastContext: data.context,
      lastTransactionOrigin: data.transactionOrigin,
      documentName: data.documentName,
    });
  }
}
