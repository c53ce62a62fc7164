/** Test fixture: document metadata for the export, with overrides. */
import type { ExportDocumentMeta } from '../exportTypes.ts';

/** Metadata of a demo budget request of a ГУ under an oblast АБП; override what a test needs. */
export function exportMeta(overrides: Partial<ExportDocumentMeta> = {}): ExportDocumentMeta {
  return {
    documentId: '7d0c6a7e-1111-4222-8333-944455556666',
    kind: 'budget-request',
    title: 'Бюджетная заявка 2027–2029',
    institution: { code: '1234567', name: { ru: 'ГУ «Аппарат акима города Косшы»', kk: '«Қосшы қаласы әкімінің аппараты» ММ' } },
    administrator: { code: '123', name: { ru: 'Управление финансов Акмолинской области', kk: 'Ақмола облысының қаржы басқармасы' } },
    functionalGroup: { code: '01', name: { ru: 'Государственные услуги общего характера', kk: 'Жалпы сипаттағы мемлекеттік қызметтер' } },
    program: { code: '001', name: { ru: 'Услуги по обеспечению деятельности акима', kk: 'Әкімнің қызметін қамтамасыз ету жөніндегі қызметтер' } },
    subprogram: { code: '015', name: { ru: 'За счет средств местного бюджета', kk: 'Жергілікті бюджет қаражаты есебінен' } },
    round: { currentYear: 2026, firstPlanYear: 2027, lastPlanYear: 2029 },
    versionKind: 'PLAN',
    versionNumber: 1,
    status: 'IN_WORK',
    ...overrides,
  };
}
