/**
 * Russian and Kazakh texts of import errors (the file is refused, nothing changes) and warnings
 * (the file is accepted, the warned cell or row is left out or converted). `{name}` placeholders
 * are filled by {@link importMessage} (a `LocalizedText` parameter is filled per language).
 */
import type { LocalizedText } from '@zhospar/sheets';

/** Why a file is refused as a whole. */
export type ImportErrorCode =
  | 'too-large'
  | 'too-many-cells'
  | 'not-xlsx'
  | 'encrypted'
  | 'unsupported-version'
  | 'wrong-template'
  | 'unit-mismatch';

/** What was left out or converted while reading an accepted file. */
export type ImportWarningCode =
  | 'other-document'
  | 'unknown-sheet'
  | 'matched-by-titles'
  | 'columns-not-found'
  | 'calculated-ignored'
  | 'invalid-value'
  | 'formula-in-input'
  | 'unknown-row'
  | 'row-not-in-document'
  | 'duplicate-row-id'
  | 'row-missing'
  | 'rows-not-reordered'
  | 'more-warnings';

const t = (ru: string, kk: string): LocalizedText => ({ ru, kk });

const MESSAGES: Readonly<Record<ImportErrorCode | ImportWarningCode, LocalizedText>> = {
  'too-large': t(
    'Файл слишком большой: не более {limit}. Загрузите документ по частям или удалите лишние листы.',
    'Файл тым үлкен: {limit} артық емес. Құжатты бөліп жүктеңіз немесе артық парақтарды жойыңыз.',
  ),
  'too-many-cells': t(
    'В файле слишком много заполненных ячеек ({count}; допустимо не более {limit}).',
    'Файлда толтырылған ұяшықтар тым көп ({count}; {limit} артық болмауы керек).',
  ),
  'not-xlsx': t(
    'Файл не является книгой Excel (.xlsx) или поврежден. Сохраните его в Excel как «Книга Excel (*.xlsx)» и повторите.',
    'Файл Excel кітабы (.xlsx) емес немесе бүлінген. Оны Excel-де «Excel кітабы (*.xlsx)» ретінде сақтап, қайталаңыз.',
  ),
  encrypted: t(
    'Файл защищен паролем (зашифрован) или сохранен в старом формате .xls. Снимите пароль на открытие и сохраните файл как .xlsx.',
    'Файл құпиясөзбен қорғалған (шифрланған) немесе ескі .xls пішімінде сақталған. Ашу құпиясөзін алып, файлды .xlsx ретінде сақтаңыз.',
  ),
  'unsupported-version': t(
    'Файл выгружен более новой версией системы (формат {version}). Выгрузите документ заново.',
    'Файл жүйенің жаңа нұсқасымен түсірілген ({version} пішімі). Құжатты қайта түсіріңіз.',
  ),
  'wrong-template': t(
    'Файл не соответствует формам документа: {detail}. Выгрузите документ в Excel и заполняйте выгруженный файл.',
    'Файл құжат нысандарына сәйкес келмейді: {detail}. Құжатты Excel-ге түсіріп, түсірілген файлды толтырыңыз.',
  ),
  'unit-mismatch': t(
    'Суммы в файле указаны в единицах «{file}», а в документе — «{document}». Пересчитайте файл или смените единицу документа.',
    'Файлдағы сомалар «{file}» бірлігінде, ал құжатта — «{document}». Файлды қайта есептеңіз немесе құжат бірлігін өзгертіңіз.',
  ),
  'other-document': t(
    'Файл выгружен из другого документа ({documentId}); строки сопоставлены по идентификаторам и кодам.',
    'Файл басқа құжаттан түсірілген ({documentId}); жолдар сәйкестендіргіштер мен кодтар бойынша салыстырылды.',
  ),
  'unknown-sheet': t('Лист «{sheet}» не относится к документу и пропущен.', '«{sheet}» парағы құжатқа жатпайды және өткізіп жіберілді.'),
  'matched-by-titles': t(
    'Лист «{sheet}» без служебных идентификаторов: столбцы сопоставлены по заголовкам, строки — по кодам и наименованиям.',
    '«{sheet}» парағында қызметтік сәйкестендіргіштер жоқ: бағандар тақырыптар бойынша, жолдар кодтар мен атаулар бойынша салыстырылды.',
  ),
  'columns-not-found': t(
    'На листе «{sheet}» не найдены заголовки столбцов формы {form}; лист пропущен.',
    '«{sheet}» парағында {form} нысанының баған тақырыптары табылмады; парақ өткізіп жіберілді.',
  ),
  'calculated-ignored': t(
    'Ячейка {cell} вычисляется автоматически; введенное значение не загружено.',
    '{cell} ұяшығы автоматты түрде есептеледі; енгізілген мән жүктелмеді.',
  ),
  'invalid-value': t(
    'Ячейка {cell}: значение «{value}» не подходит для столбца «{column}» ({expected}); ячейка не загружена.',
    '{cell} ұяшығы: «{value}» мәні «{column}» бағанына сәйкес келмейді ({expected}); ұяшық жүктелмеді.',
  ),
  'formula-in-input': t(
    'Ячейка {cell} содержит формулу; загружен ее результат {value}.',
    '{cell} ұяшығында формула бар; оның нәтижесі {value} жүктелді.',
  ),
  'unknown-row': t(
    'Строка {row} листа «{sheet}» не найдена в форме и пропущена.',
    '«{sheet}» парағының {row}-жолы нысанда табылмады және өткізіп жіберілді.',
  ),
  'row-not-in-document': t(
    'Строка {row} листа «{sheet}» удалена из документа или относится к другому документу; будет добавлена как новая.',
    '«{sheet}» парағының {row}-жолы құжаттан жойылған немесе басқа құжатқа жатады; жаңа жол ретінде қосылады.',
  ),
  'duplicate-row-id': t(
    'Строка {row} листа «{sheet}» — копия другой строки; будет добавлена как новая.',
    '«{sheet}» парағының {row}-жолы басқа жолдың көшірмесі; жаңа жол ретінде қосылады.',
  ),
  'row-missing': t(
    'На листе «{sheet}» нет {count} строк(и) документа; при загрузке они не удаляются.',
    '«{sheet}» парағында құжаттың {count} жолы жоқ; жүктеу кезінде олар жойылмайды.',
  ),
  'rows-not-reordered': t(
    'Порядок строк на листе «{sheet}» изменен в файле; загрузка не меняет порядок строк документа.',
    '«{sheet}» парағындағы жолдар реті файлда өзгертілген; жүктеу құжат жолдарының ретін өзгертпейді.',
  ),
  'more-warnings': t('И еще {count} предупреждений того же рода.', 'Осы текті тағы {count} ескерту.'),
};

/** Message of a code with `{name}` placeholders filled, in both languages. */
export function importMessage(
  code: ImportErrorCode | ImportWarningCode,
  params: Record<string, string | number | LocalizedText> = {},
): LocalizedText {
  const fill = (s: string, lang: 'ru' | 'kk'): string =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => {
      const v = params[k];
      if (v === undefined) return m;
      return typeof v === 'object' ? v[lang] : String(v);
    });
  const text = MESSAGES[code];
  return { ru: fill(text.ru, 'ru'), kk: fill(text.kk, 'kk') };
}
