/**
 * Russian and Kazakh texts printed by the export (form furniture, service sheets) and the names
 * of document metadata values. Form, column and row titles come from the templates themselves.
 */
import type { LocalizedText } from '@zhospar/sheets';

/** Interface / print language (язык печатной формы). */
export type ExportLanguage = 'ru' | 'kk';

/** Unit of amounts in a document: тенге or тыс. тенге. */
export type AmountUnit = 'tenge' | 'thousand-tenge';

const t = (ru: string, kk: string): LocalizedText => ({ ru, kk });

/** Fixed texts of the export, keyed by purpose. */
export const LABELS = {
  form: t('Форма', 'Нысан'),
  number: t('№ п/п', 'Р/с №'),
  title: t('Наименование', 'Атауы'),
  code: t('Код', 'Коды'),
  unitLabel: t('Единица измерения', 'Өлшем бірлігі'),
  tenge: t('тенге', 'теңге'),
  thousandTenge: t('тыс. тенге', 'мың теңге'),
  head: t('Руководитель', 'Басшы'),
  accountant: t('Главный бухгалтер (экономист)', 'Бас бухгалтер (экономист)'),
  signature: t('(подпись)', '(қолы)'),
  fullName: t('(фамилия, инициалы)', '(тегі, аты-жөнінің бас әріптері)'),
  stamp: t('М.П.', 'М.О.'),
  date: t('Дата «___» ____________ 20___ г.', 'Күні «___» ____________ 20___ ж.'),
  status: t('Статус документа', 'Құжат мәртебесі'),
  version: t('Версия', 'Нұсқа'),
  documentId: t('Идентификатор документа', 'Құжат сәйкестендіргіші'),
  // Service sheets
  controlsSheet: t('Контроли', 'Бақылаулар'),
  controlsTitle: t('Результаты контролей документа', 'Құжатты бақылау нәтижелері'),
  controlsNone: t('Нарушений не обнаружено', 'Бұзушылықтар анықталмады'),
  controlsSummary: t('Ошибок: {errors}; предупреждений: {warnings}', 'Қателер: {errors}; ескертулер: {warnings}'),
  controlId: t('Контроль', 'Бақылау'),
  severity: t('Вид', 'Түрі'),
  error: t('Ошибка', 'Қате'),
  warning: t('Предупреждение', 'Ескерту'),
  message: t('Сообщение', 'Хабарлама'),
  cells: t('Ячейки', 'Ұяшықтар'),
  paramsSheet: t('Параметры', 'Параметрлер'),
  paramsTitle: t('Параметры периода и внешние значения, используемые в формулах', 'Формулаларда қолданылатын кезең параметрлері және сыртқы мәндер'),
  paramId: t('Параметр', 'Параметр'),
  paramValue: t('Значение', 'Мәні'),
  externalValue: t('Внешнее значение', 'Сыртқы мән'),
  approvalSheet: t('Утверждение', 'Бекіту'),
  approvalTitle: t('Сведения об утверждении версии', 'Нұсқаны бекіту туралы мәліметтер'),
  snapshotHash: t('Хэш снимка исходных данных (SHA-256)', 'Бастапқы деректер суретінің хэші (SHA-256)'),
  approvedAt: t('Дата утверждения', 'Бекітілген күні'),
  signatures: t('Подписи (ЭЦП)', 'Қолтаңбалар (ЭЦҚ)'),
  signer: t('Подписант', 'Қол қоюшы'),
  role: t('Роль', 'Рөлі'),
  signedAt: t('Дата и время подписи', 'Қол қойылған күні мен уақыты'),
  algorithm: t('Алгоритм', 'Алгоритм'),
  signatureValue: t('Подпись', 'Қолтаңба'),
  noSignatures: t('Подписей нет', 'Қолтаңбалар жоқ'),
  approvedBy: t('Утвердил', 'Бекіткен'),
  iin: t('ИИН', 'ЖСН'),
  validity: t('Проверка подписи', 'Қолтаңбаны тексеру'),
  signatureValid: t('действительна', 'жарамды'),
  signatureInvalid: t('НЕДЕЙСТВИТЕЛЬНА', 'ЖАРАМСЫЗ'),
  // Consolidated workbook (свод АБП)
  consolidatedSheet: t('Свод', 'Жиынтық'),
  consolidatedTitle: t(
    'Свод бюджетных заявок подведомственных учреждений по спецификам экономической классификации',
    'Ведомстволық бағынысты мекемелердің бюджеттік өтінімдерінің экономикалық сыныптама ерекшеліктері бойынша жиынтығы',
  ),
  institutionsCount: t('Учреждений в своде', 'Жиынтықтағы мекемелер'),
  bin: t('БИН', 'БСН'),
  institution: t('Учреждение', 'Мекеме'),
  documentStatus: t('Статус заявки', 'Өтінім мәртебесі'),
} as const satisfies Record<string, LocalizedText>;

/** Data kind of a version (вид данных), by the database enum name. */
export const VERSION_KINDS: Readonly<Record<string, LocalizedText>> = {
  FORECAST: t('прогноз', 'болжам'),
  PLAN: t('план', 'жоспар'),
  CLARIFICATION: t('уточнение', 'нақтылау'),
  CORRECTION: t('корректировка', 'түзету'),
  REPORT: t('отчет', 'есеп'),
};

/** Workflow status (статус), by the database enum name. */
export const STATUSES: Readonly<Record<string, LocalizedText>> = {
  IN_WORK: t('в работе', 'жұмыста'),
  SUBMITTED: t('отправлен на проверку', 'тексеруге жіберілді'),
  RETURNED: t('возвращен на доработку', 'пысықтауға қайтарылды'),
  APPROVED: t('утвержден', 'бекітілді'),
};

/** A text in the chosen language, with `{name}` placeholders filled. */
export function say(text: LocalizedText, lang: ExportLanguage, params: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
