import type { HeaderFieldId, LocalizedText } from './types.ts';

/** Labels of the form header block (шапка формы), in print order. */
export const HEADER_FIELDS: Readonly<Record<HeaderFieldId, LocalizedText>> = {
  year: { ru: 'Год', kk: 'Жыл' },
  dataKind: { ru: 'Вид данных (прогноз, план, уточнение, корректировка, отчет)', kk: 'Деректер түрі (болжам, жоспар, нақтылау, түзету, есеп)' },
  functionalGroup: { ru: 'Функциональная группа', kk: 'Функционалдық топ' },
  abp: { ru: 'Администратор бюджетных программ', kk: 'Бюджеттік бағдарламалардың әкімшісі' },
  gu: { ru: 'Государственное учреждение', kk: 'Мемлекеттік мекеме' },
  program: { ru: 'Программа', kk: 'Бағдарлама' },
  subprogram: { ru: 'Подпрограмма', kk: 'Кіші бағдарлама' },
  specific: { ru: 'Специфика', kk: 'Ерекшелік' },
  unit: { ru: 'Единица измерения: тенге / тыс. тенге', kk: 'Өлшем бірлігі: теңге / мың теңге' },
};
