import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Extension } from '@hocuspocus/server';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { LiveDocuments } from '../workflow/LiveDocuments.ts';
import { RedisLivePeers } from './RedisLivePeers.ts';
import { ScaleoutRedisExtension } from './ScaleoutRedisExtension.ts';

/** Key and channel prefix of everything Zhospar puts in Redis. */
export const REDIS_PREFIX = 'zhospar';

/** socket.io's adapter factory (what `new Server({ adapter })` takes). */
export type SocketAdapter = ReturnType<typeof createAdapter>;

/** What one server process needs to share its live state with the others. */
export interface Scaleout {
  /** This process's name in Redis messages. */
  identifier: string;
  /** Hocuspocus document updates and awareness between processes. */
  extension: Extension;
  /** socket.io rooms and emits across processes. */
  socketAdapter: SocketAdapter;
  /** Workflow freezes and status changes across processes. */
  peers: RedisLivePeers;
  /** Waits until every subscription is live (before the process takes connections). */
  ready(): Promise<void>;
  /** Disconnects from Redis. */
  close(): Promise<void>;
}

/**
 * Connects one server process to Redis (`REDIS_URL`) for scale-out: Hocuspocus fan-out, the
 * socket.io adapter and workflow status changes. Without `REDIS_URL` nothing of this exists and the
 * server is a single process, as before.
 */
export function createScaleout(redisUrl: string, live: LiveDocuments): Scaleout {
  const identifier = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const clients: Redis[] = [];
  const client = (): Redis => {
    const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    redis.on('error', (error: Error) => console.warn(`[scaleout] redis: ${error.message}`));
    clients.push(redis);
    return redis;
  };
  const extension = new ScaleoutRedisExtension({ createClient: client, identifier, prefix: `${REDIS_PREFIX}:doc` });
  const socketAdapter = createAdapter(client(), client(), { key: `${REDIS_PREFIX}:io` });
  const peers = new RedisLivePeers(client(), client(), live, identifier, REDIS_PREFIX);
  live.setPeers(peers);
  return {
    identifier,
    extension,
    socketAdapter,
    peers,
    async ready(): Promise<void> {
      await peers.start();
    },
    async close(): Promise<void> {
      peers.close();
      await extension.onDestroy();
      for (const redis of clients) redis.disconnect(false);
    },
  };
}
