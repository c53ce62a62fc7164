import { Hocuspocus, type Extension } from '@hocuspocus/server';
import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService } from '../access/AccessService.ts';
import type { AccessDenial } from '../audit/AuditLog.ts';
import type { TokenService } from '../auth/TokenService.ts';
import { AuthorizationExtension } from './AuthorizationExtension.ts';
import { AwarenessExtension } from './AwarenessExtension.ts';
import type { CollaborationContext } from './CollaborationContext.ts';
import { DiscussionExtension, type DiscussionListener } from './DiscussionExtension.ts';
import { PersistenceExtension } from './PersistenceExtension.ts';
import { ValidationExtension, type AcceptedUpdateListener } from './ValidationExtension.ts';

export interface CollaborationOptions {
  prisma: PrismaClient;
  tokens: TokenService;
  access: AccessService;
  /** Quiet period before a changed document is stored, ms. */
  debounceMs?: number;
  /** Longest a changed document waits before it is stored, ms (the server-side durability window). */
  maxDebounceMs?: number;
  /** Further extensions (workflow, audit), ordered by their own priority. */
  extensions?: Extension[];
  /** Hears every refused collaboration connection (audit log). */
  onAccessDenied?: (denial: AccessDenial) => void;
  /** Receives the decoded changes of every accepted update before it is applied (audit log). */
  onAcceptedUpdate?: AcceptedUpdateListener;
  /** Discussion docs `comments.<id>`: who hears accepted changes, and the workflow epoch (rights re-read). */
  discussions?: { listener?: DiscussionListener; statusEpoch?: (documentId: string) => number };
}

export interface Collaboration {
  hocuspocus: Hocuspocus<CollaborationContext>;
  validation: ValidationExtension;
  discussions: DiscussionExtension;
}

/** The Hocuspocus instance with one extension per concern (STYLE.md). */
export function createCollaboration(options: CollaborationOptions): Collaboration {
  const validation = new ValidationExtension(options.onAcceptedUpdate);
  // Always present: ValidationExtension and PersistenceExtension leave `comments.<id>` docs to it.
  const discussions = new DiscussionExtension({
    prisma: options.prisma,
    access: options.access,
    ...(options.discussions?.listener ? { listener: options.discussions.listener } : {}),
    ...(options.discussions?.statusEpoch ? { statusEpoch: options.discussions.statusEpoch } : {}),
  });
  const hocuspocus = new Hocuspocus<CollaborationContext>({
    name: 'zhospar',
    quiet: true,
    debounce: options.debounceMs ?? 1000,
    maxDebounce: options.maxDebounceMs ?? 5000,
    timeout: 30_000,
    extensions: [
      new AuthorizationExtension(options.tokens, options.access, options.onAccessDenied),
      validation,
      discussions,
      new AwarenessExtension(),
      new PersistenceExtension(options.prisma),
      ...(options.extensions ?? []),
    ],
  });
  return { hocuspocus, validation, discussions };
}
