import { createHash } from 'node:crypto';
import { canonicalJson, type DocumentProjection } from '@zhospar/collab';
import type { ControlResult, EngineSnapshot } from '@zhospar/formulas';
import type { PeriodParameters } from '@zhospar/sheets';
import * as Y from 'yjs';
import { calculateDocument } from './calculateDocument.ts';

/** Format tag of snapshot content; bump when the shape changes. */
export const SNAPSHOT_FORMAT = 'zhospar-snapshot/1';

/** What an approved version (утвержденная версия) consists of; its canonical JSON is hashed and signed. */
export interface SnapshotContent {
  format: typeof SNAPSHOT_FORMAT;
  document: {
    id: string;
    kind: string;
    organisationId: string;
    roundId: string;
    programCode: string;
    subprogramCode: string | null;
    versionKind: string;
    versionNumber: number;
    parentVersionId: string | null;
    title: string;
  };
  /** Period parameters the values were computed with. */
  parameters: PeriodParameters;
  /** Canonical inputs (collab [D9]). */
  inputs: DocumentProjection;
  /** Every calculated value. */
  computed: EngineSnapshot;
  /** SHA-256 (hex) of the stored Yjs state, so the state is covered by the signed hash too. */
  yjsStateSha256: string;
}

/** A built snapshot, ready to store. */
export interface BuiltSnapshot {
  content: SnapshotContent;
  canonicalJson: string;
  sha256: string;
  yjsState: Uint8Array;
  /** Failed controls of the state (not part of the signed content). */
  controls: ControlResult[];
}

/** Lower-case hex SHA-256 of bytes or of a string's UTF-8. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Computes the document and builds its snapshot from a Yjs state. */
export function buildSnapshot(
  document: SnapshotContent['document'],
  yjsState: Uint8Array,
  parameters: PeriodParameters,
): BuiltSnapshot {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, yjsState);
  try {
    const calculation = calculateDocument(doc, parameters);
    const content: SnapshotContent = {
      format: SNAPSHOT_FORMAT,
      document,
      parameters,
      inputs: calculation.inputs,
      computed: calculation.computed,
      yjsStateSha256: sha256Hex(yjsState),
    };
    const json = canonicalJson(content);
    return { content, canonicalJson: json, sha256: sha256Hex(json), yjsState, controls: calculation.controls };
  } finally {
    doc.destroy();
  }
}

/** Reads stored snapshot content (the canonical JSON). */
export function parseSnapshotContent(json: string): SnapshotContent {
  const parsed = JSON.parse(json) as SnapshotContent;
  if (parsed.format !== SNAPSHOT_FORMAT) throw new Error(`unknown snapshot format ${String(parsed.format)}`);
  return parsed;
}
