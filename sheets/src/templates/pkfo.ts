import type { SheetTemplate } from '../types.ts';

/** PKFO templates (filled in step C). */
export const pkfoTemplates: readonly SheetTemplate[] = [];
