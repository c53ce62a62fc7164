/**
 * Inputs and results of the Excel export (выгрузка в Excel). The export reads a document's inputs
 * from its Y.Doc projection and its calculated values and controls from a `formulas` engine; the
 * caller supplies the metadata printed in the form header (шапка формы).
 */
import type { DocumentProjection } from '@zhospar/collab';
import type { ControlResult, DocumentEngine, ExternalValues } from '@zhospar/formulas';
import type { DocumentKind, LocalizedText, PeriodParameters, SheetTemplate } from '@zhospar/sheets';
import type { AmountUnit, ExportLanguage } from './labels.ts';

/** A classifier entry printed as «code name» (program, АБП, ГУ, functional group). */
export interface NamedCode {
  code: string;
  name?: LocalizedText;
}

/** Document metadata printed in the header block and kept in the file. */
export interface ExportDocumentMeta {
  documentId: string;
  kind: DocumentKind;
  title: string;
  /** State institution (государственное учреждение, ГУ) that owns the document. */
  institution?: NamedCode;
  /** Budget program administrator (администратор бюджетных программ, АБП). */
  administrator?: NamedCode;
  /** Functional group (функциональная группа). */
  functionalGroup?: NamedCode;
  program?: NamedCode;
  subprogram?: NamedCode;
  /** Planning round years: current year C and the plan years C+1…C+3. */
  round?: { currentYear: number; firstPlanYear: number; lastPlanYear: number };
  /** Data kind (вид данных), database enum name: PLAN, CLARIFICATION, CORRECTION, FORECAST, REPORT. */
  versionKind?: string;
  versionNumber?: number;
  /** Workflow status, database enum name: IN_WORK, SUBMITTED, RETURNED, APPROVED. */
  status?: string;
}

/** One electronic signature (ЭЦП) of an approved version. */
export interface ExportSignature {
  signer: string;
  /** Signer's ИИН (individual identification number). */
  iin?: string;
  role?: string;
  signedAt: string;
  algorithm?: string;
  /** The signature itself (e.g. a JWS or CMS in base64). */
  signature: string;
  /** Result of verifying the signature at export time (signature service); omitted = not verified. */
  valid?: boolean;
}

/** Approval of a version: the SHA-256 of its canonical inputs and the signatures over it. */
export interface ExportApproval {
  snapshotHash: string;
  approvedAt?: string;
  /** Who approved the version (full name). */
  approvedBy?: string;
  signatures: readonly ExportSignature[];
}

/** Everything one export needs. */
export interface ExportInput {
  meta: ExportDocumentMeta;
  /** Inputs: `projectDocument(doc, lookup)` of collab. */
  projection: DocumentProjection;
  /** Period parameters the engine computes with (also written to the parameters sheet). */
  parameters: PeriodParameters;
  externals?: ExternalValues;
  /** Engine built from the same inputs; built (and destroyed) by the export when absent. */
  engine?: DocumentEngine;
  /** Control results if already evaluated (saves re-evaluating a large document); else evaluated. */
  controls?: readonly ControlResult[];
  lang: ExportLanguage;
  /** Unit of amounts of the document (тенге by default; PKFO columns are тыс. тенге by template). */
  unit?: AmountUnit;
  approval?: ExportApproval;
  getTemplate?: (templateId: string) => SheetTemplate | undefined;
  /** Time of the export, kept in the file (the export never reads the clock). */
  exportedAt?: Date;
}

/** Progress of a running export, reported every few thousand cells. */
export interface ExportProgress {
  sheetId: string | null;
  cellsWritten: number;
  totalCells: number;
}

/** Options of the writing itself. */
export interface ExportOptions {
  /** `auto` (default) streams when the document has more than `streamingThreshold` cells. */
  streaming?: 'auto' | 'always' | 'never';
  /** Cell count above which `auto` streams (default 200 000). */
  streamingThreshold?: number;
  onProgress?: (progress: ExportProgress) => void;
  /**
   * Sheet ids to leave visible (for printing one form): the other sheets, service sheets too, are
   * written hidden — still there, so formulas across sheets keep their values. Default: all.
   */
  printSheets?: readonly string[];
}

/** What was written. */
export interface ExportSummary {
  /** Document sheets written (service sheets not counted). */
  sheets: number;
  /** Body cells with a value or formula. */
  cells: number;
  formulas: number;
  streaming: boolean;
  controls: { errors: number; warnings: number };
  /** Sheets left out because their template is unknown. */
  skippedSheets: string[];
}
