/** Texts of Excel export and import, in Russian and Kazakh (`kk` has the keys of `ru`). */
import { useCallback } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export const exchangeRu = {
  'excel.export': 'Экспорт в Excel',
  'excel.import': 'Импорт из Excel',
  'excel.exportTitle': 'Выгрузка в Excel',
  'excel.language': 'Язык файла',
  'excel.unit': 'Единица измерения',
  'excel.tenge': 'тенге',
  'excel.thousandTenge': 'тыс. тенге',
  'excel.download': 'Скачать',
  'excel.cancel': 'Отмена',
  'excel.queued': 'В очереди…',
  'excel.progress': 'Выгрузка: {done} из {total} ячеек',
  'excel.preparing': 'Подготовка файла…',
  'excel.done': 'Файл выгружен',
  'excel.uploading': 'Загрузка файла…',
  'excel.previewTitle': 'Импорт из Excel: проверьте изменения',
  'excel.changes': 'Изменений ячеек: {count}',
  'excel.newRows': 'Новых строк: {count}',
  'excel.noChanges': 'Файл не меняет ни одной ячейки.',
  'excel.col.sheet': 'Форма',
  'excel.col.row': 'Строка',
  'excel.col.column': 'Графа',
  'excel.col.old': 'Было',
  'excel.col.new': 'Станет',
  'excel.col.cell': 'Ячейка файла',
  'excel.warnings': 'Предупреждения ({count})',
  'excel.apply': 'Применить',
  'excel.applying': 'Применение…',
  'excel.applied': 'Импорт применён: изменено ячеек — {cells}, добавлено строк — {rows}',
  'excel.listed': 'Показаны первые {shown} из {count}',
  'excel.readOnly': 'Документ доступен только для просмотра: импорт невозможен',
} as const;

export type ExchangeKey = keyof typeof exchangeRu;

export const exchangeKk: Record<ExchangeKey, string> = {
  'excel.export': 'Excel-ге экспорттау',
  'excel.import': 'Excel-ден импорттау',
  'excel.exportTitle': 'Excel-ге түсіру',
  'excel.language': 'Файл тілі',
  'excel.unit': 'Өлшем бірлігі',
  'excel.tenge': 'теңге',
  'excel.thousandTenge': 'мың теңге',
  'excel.download': 'Жүктеп алу',
  'excel.cancel': 'Болдырмау',
  'excel.queued': 'Кезекте…',
  'excel.progress': 'Түсіру: {total} ұяшықтың {done}',
  'excel.preparing': 'Файл дайындалуда…',
  'excel.done': 'Файл түсірілді',
  'excel.uploading': 'Файл жүктелуде…',
  'excel.previewTitle': 'Excel-ден импорттау: өзгерістерді тексеріңіз',
  'excel.changes': 'Ұяшық өзгерістері: {count}',
  'excel.newRows': 'Жаңа жолдар: {count}',
  'excel.noChanges': 'Файл бірде-бір ұяшықты өзгертпейді.',
  'excel.col.sheet': 'Нысан',
  'excel.col.row': 'Жол',
  'excel.col.column': 'Баған',
  'excel.col.old': 'Болған',
  'excel.col.new': 'Болады',
  'excel.col.cell': 'Файл ұяшығы',
  'excel.warnings': 'Ескертулер ({count})',
  'excel.apply': 'Қолдану',
  'excel.applying': 'Қолдануда…',
  'excel.applied': 'Импорт қолданылды: өзгертілген ұяшықтар — {cells}, қосылған жолдар — {rows}',
  'excel.listed': '{count} ішінен алғашқы {shown} көрсетілген',
  'excel.readOnly': 'Құжатты тек қарауға болады: импорттау мүмкін емес',
};

export function useExchangeT(): (key: ExchangeKey, params?: Readonly<Record<string, string | number>>) => string {
  const { lang } = useI18n();
  return useCallback(
    (key, params) => {
      const text: string = lang === 'kk' ? exchangeKk[key] : exchangeRu[key];
      return params === undefined ? text : text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    [lang],
  );
}
