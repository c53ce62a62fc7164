/**
 * Budget request (бюджетная заявка) templates: the summary by specific and one calculation form
 * per specific. Layouts are ours (official layouts are not public, DOMAIN.md §3.1), with the drivers
 * a production regional system stores (FORMS-REFERENCE.md §2) so accountants recognise them.
 *
 * Every calculation form ends with the plan-year tail of `planYearColumns` (amount, amount_y2,
 * amount_y3) and a `total` row; the summary line of specific NNN reads `{fNNN!total.amount…}`.
 */
import type { ColumnDef, RowSpec, SheetTemplate } from '../types.ts';
import {
  BUDGET_REQUEST_EDITION,
  FORM_HEADER,
  calc,
  calculationForm,
  code,
  money,
  pct,
  qty,
  t,
  text,
} from './builders.ts';

const PRICE = t('Цена за единицу, тенге', 'Бірлік бағасы, теңге');
const QUOTES = t('Ценовые предложения, тенге', 'Баға ұсыныстары, теңге');

/** Form 01-111: salaries (оплата труда). */
export const form111: SheetTemplate = calculationForm({
  specific: '111',
  subclass: '110',
  specificName: 'Оплата труда',
  titleKk: 'еңбекақы төлеу',
  columns: [
    text('position', t('Должность', 'Лауазымы'), { required: true }),
    code('category', t('Категория (блок, уровень)', 'Санаты (блок, деңгей)')),
    code('experience', t('Стаж', 'Еңбек өтілі')),
    qty('staff_units', t('Количество штатных единиц', 'Штат бірліктерінің саны'), 'staff-unit', 2, {
      required: true,
    }),
    qty('salary_factor', t('Коэффициент к БДО', 'БЛА-ға коэффициент'), 'coefficient', 2, {
      required: true,
    }),
    calc(
      'official_salary',
      t('Должностной оклад в месяц', 'Айлық лауазымдық жалақы'),
      'ROUND($base_salary * {salary_factor}, 0)',
    ),
    pct('allowance_pct', t('Надбавки и доплаты, %', 'Үстемеақылар мен қосымша ақылар, %'), {
      headerPath: [t('Надбавки и доплаты', 'Үстемеақылар мен қосымша ақылар')],
    }),
    money('allowance_amount', t('Надбавки и доплаты в месяц, тенге', 'Айлық үстемеақылар, теңге'), {
      headerPath: [t('Надбавки и доплаты', 'Үстемеақылар мен қосымша ақылар')],
    }),
    calc(
      'monthly_fund',
      t('Фонд оплаты труда в месяц', 'Айлық еңбекақы қоры'),
      'ROUND(({official_salary} * (1 + {allowance_pct} / 100) + {allowance_amount}) * {staff_units}, 0)',
    ),
    qty('months', t('Количество месяцев', 'Айлар саны'), 'month', 0, { required: true }),
  ],
  amountFormula: '{monthly_fund} * {months}',
  totals: ['staff_units', 'monthly_fund'],
  note: t(
    'Оклад = БДО × коэффициент; ФОТ в месяц = (оклад × (1 + надбавки %) + надбавки тенге) × штатные единицы; год = ФОТ в месяц × месяцы.',
    'Жалақы = БЛА × коэффициент; айлық қор = (жалақы × (1 + үстемеақы %) + үстемеақы теңге) × штат бірліктері; жылдық = айлық қор × айлар.',
  ),
});

/** Form 01-113: compensation payments (компенсационные выплаты). */
export const form113: SheetTemplate = calculationForm({
  specific: '113',
  subclass: '110',
  specificName: 'Компенсационные выплаты',
  titleKk: 'өтемақы төлемдері',
  columns: [
    text('payment_type', t('Вид выплаты', 'Төлем түрі'), { required: true }),
    text('basis', t('Основание (НПА)', 'Негіздеме (НҚА)')),
    qty('persons', t('Количество получателей', 'Алушылар саны'), 'person', 0, { required: true }),
    money('per_person', t('Сумма на одного получателя, тенге', 'Бір алушыға сома, теңге')),
    qty('per_person_mrp', t('Сумма на одного получателя, МРП', 'Бір алушыға сома, АЕК'), 'mrp', 2),
  ],
  amountFormula: 'ROUND({persons} * IF(ISBLANK({per_person_mrp}), {per_person}, {per_person_mrp} * $mrp), 0)',
  totals: ['persons'],
  note: t(
    'Если сумма задана в МРП, она пересчитывается по МРП планового года.',
    'Сома АЕК-пен берілсе, жоспарлы жылдың АЕК бойынша есептеледі.',
  ),
});

const contributionsCols = (rateParam: string, capParam: string): ColumnDef[] => [
  text('category', t('Категория работников', 'Қызметкерлер санаты'), { required: true }),
  qty('persons', t('Численность', 'Саны'), 'person', 0),
  money('base', t('Доход для исчисления за год, тенге', 'Есептеуге арналған жылдық табыс, теңге')),
  calc('rate', t('Ставка, %', 'Мөлшерлеме, %'), `$${rateParam}`, 'percent', { unit: 'percent' }),
  calc(
    'base_cap',
    t('Предельный доход за год', 'Жылдық шекті табыс'),
    `{persons} * $${capParam} * $min_wage * 12`,
  ),
];

/** Form 01-121: social tax (социальный налог) = (base − deductions) × rate − social contributions (122). */
export const form121: SheetTemplate = (() => {
  const perYear = ['amount', 'amount_y2', 'amount_y3'];
  const gross: Record<string, string> = { base: 'SUM({*.base})', deductions: 'SUM({*.deductions})' };
  const contrib: Record<string, string> = {};
  const total: Record<string, string> = {};
  for (const c of perYear) {
    gross[c] = `SUM({*.${c}})`;
    contrib[c] = `{f122!total.${c}}`;
    total[c] = `MAX(0, {gross.${c}} - {contrib.${c}})`;
  }
  const extraRows: RowSpec[] = [
    { kind: 'fixed', id: 'gross', title: t('Социальный налог до уменьшения', 'Азайтуға дейінгі әлеуметтік салық'), role: 'total', formulas: gross },
    {
      kind: 'fixed',
      id: 'contrib',
      title: t('Социальные отчисления (специфика 122)', 'Әлеуметтік аударымдар (122 ерекшелік)'),
      role: 'total',
      formulas: contrib,
    },
  ];
  return calculationForm({
    specific: '121',
    subclass: '120',
    specificName: 'Социальный налог',
    titleKk: 'әлеуметтік салық',
    columns: [
      text('category', t('Категория работников', 'Қызметкерлер санаты'), { required: true }),
      qty('persons', t('Численность', 'Саны'), 'person', 0),
      money('base', t('Доходы работников за год (ФОТ), тенге', 'Қызметкерлердің жылдық табысы (ЕАҚ), теңге')),
      money('deductions', t('Вычеты (ОПВ, ВОСМС), тенге', 'Шегерімдер (МЗЖ, МӘМСЖ), теңге')),
      calc('rate', t('Ставка, %', 'Мөлшерлеме, %'), '$social_tax_rate', 'percent', { unit: 'percent' }),
    ],
    amountFormula: 'ROUND(MAX(0, {base} - {deductions}) * {rate} / 100, 0)',
    extraRows,
    totalOverride: { kind: 'fixed', id: 'total', title: t('Итого к уплате', 'Төлеуге барлығы'), role: 'total', formulas: total },
    note: t(
      'Налог = (доходы − вычеты) × ставка, уменьшенный на социальные отчисления формы 01-122.',
      'Салық = (табыс − шегерімдер) × мөлшерлеме, 01-122 нысанының әлеуметтік аударымдарына азайтылады.',
    ),
  });
})();

/** Form 01-122: social contributions to the State Social Insurance Fund (социальные отчисления в ГФСС). */
export const form122: SheetTemplate = calculationForm({
  specific: '122',
  subclass: '120',
  specificName: 'Социальные отчисления в Государственный фонд социального страхования',
  titleKk: 'Мемлекеттік әлеуметтік сақтандыру қорына әлеуметтік аударымдар',
  columns: contributionsCols('social_contribution_rate', 'social_contribution_cap_mzp'),
  amountFormula: 'ROUND(MIN({base}, {base_cap}) * {rate} / 100, 0)',
  totals: ['persons', 'base'],
  note: t(
    'Отчисления = min(доход; численность × предел в МЗП × МЗП × 12) × ставка.',
    'Аударымдар = min(табыс; саны × ЕТЖ шегі × ЕТЖ × 12) × мөлшерлеме.',
  ),
});

/** Form 01-124: compulsory social health insurance (отчисления на ОСМС). */
export const form124: SheetTemplate = calculationForm({
  specific: '124',
  subclass: '120',
  specificName: 'Отчисления на обязательное социальное медицинское страхование',
  titleKk: 'міндетті әлеуметтік медициналық сақтандыруға аударымдар',
  columns: contributionsCols('medical_insurance_rate', 'medical_insurance_cap_mzp'),
  amountFormula: 'ROUND(MIN({base}, {base_cap}) * {rate} / 100, 0)',
  totals: ['persons', 'base'],
});

/** Form 01-141: food (продукты питания) = recipients × days × cost per day × correction. */
export const form141: SheetTemplate = calculationForm({
  specific: '141',
  subclass: '140',
  specificName: 'Приобретение продуктов питания',
  titleKk: 'азық-түлік өнімдерін сатып алу',
  columns: [
    text('recipient', t('Категория получателей', 'Алушылар санаты'), { required: true }),
    qty('persons', t('Среднее число питающихся', 'Тамақтанатындардың орташа саны'), 'person', 0),
    qty('days', t('Количество дней', 'Күндер саны'), 'day', 0),
    money('cost_per_day', t('Стоимость питания на 1 человека в день, тенге', 'Бір адамның бір күндік тамағының құны, теңге'), {
      precision: 2,
    }),
    qty('correction', t('Поправочный коэффициент', 'Түзету коэффициенті'), 'coefficient', 3),
  ],
  amountFormula: 'ROUND({persons} * {days} * {cost_per_day} * IF(ISBLANK({correction}), 1, {correction}), 0)',
  totals: ['persons'],
});

/** Form 01-144: fuel and lubricants for vehicles (топливо, ГСМ). */
export const form144: SheetTemplate = calculationForm({
  specific: '144',
  subclass: '140',
  specificName: 'Приобретение топлива, горюче-смазочных материалов',
  titleKk: 'отын, жанар-жағармай материалдарын сатып алу',
  columns: [
    text('vehicle', t('Транспортное средство (гос. номер)', 'Көлік құралы (мем. нөмірі)'), { required: true }),
    text('model', t('Марка, модель', 'Маркасы, моделі')),
    code('fuel_kind', t('Вид топлива', 'Отын түрі')),
    qty('fuel_norm', t('Норма расхода, л/100 км', 'Шығыс нормасы, л/100 км'), 'litre-per-100km', 2, {
      required: true,
    }),
    qty('mileage', t('Лимит пробега, км в год', 'Жүріс лимиті, жылына км'), 'km', 0, { required: true }),
    qty('months', t('Количество месяцев эксплуатации', 'Пайдалану айларының саны'), 'month', 0, {
      required: true,
    }),
    qty('winter_months', t('Зимних месяцев', 'Қысқы айлар'), 'month', 0, {
      headerPath: [t('Зимняя надбавка', 'Қысқы үстеме')],
    }),
    pct('winter_pct', t('Надбавка, %', 'Үстеме, %'), { headerPath: [t('Зимняя надбавка', 'Қысқы үстеме')] }),
    money('price', t('Цена 1 литра, тенге', '1 литр бағасы, теңге'), { precision: 2, required: true }),
    calc(
      'litres',
      t('Потребность в топливе, л', 'Отынға қажеттілік, л'),
      'ROUND({fuel_norm} / 100 * {mileage} / 12 * ({months} + {winter_months} * {winter_pct} / 100), 2)',
      'quantity',
      { unit: 'litre', precision: 2 },
    ),
  ],
  amountFormula: 'ROUND({litres} * {price}, 0)',
  totals: ['litres'],
  note: t(
    'Литры = норма/100 × пробег/12 × (месяцы + зимние месяцы × надбавка %); сумма = литры × цена.',
    'Литр = норма/100 × жүріс/12 × (айлар + қысқы айлар × үстеме %); сома = литр × баға.',
  ),
});

const quotes = (): ColumnDef[] => [
  money('price1', t('Предложение 1', '1-ұсыныс'), { precision: 2, headerPath: [QUOTES] }),
  money('price2', t('Предложение 2', '2-ұсыныс'), { precision: 2, headerPath: [QUOTES] }),
  money('price3', t('Предложение 3', '3-ұсыныс'), { precision: 2, headerPath: [QUOTES] }),
  calc('price', t('Средняя цена, тенге', 'Орташа баға, теңге'), 'ROUND(IFERROR(AVERAGE({price1}, {price2}, {price3}), 0), 2)', 'amount', {
    precision: 2,
  }),
];

/** Form 01-149: other supplies (прочие запасы); price = average of three quotes. */
export const form149: SheetTemplate = calculationForm({
  specific: '149',
  subclass: '140',
  specificName: 'Приобретение прочих запасов',
  titleKk: 'өзге де қорларды сатып алу',
  columns: [
    text('item', t('Наименование', 'Атауы'), { required: true }),
    code('enstru', t('Код ЕНС ТРУ', 'ТЖҚБНА коды')),
    code('unit', t('Ед. изм.', 'Өлш. бірл.')),
    qty('quantity', t('Количество', 'Саны'), 'piece', 2, { required: true }),
    ...quotes(),
  ],
  amountFormula: 'ROUND({quantity} * {price}, 0)',
});

/** Form 01-151: utilities (коммунальные услуги) = volume × tariff × correction. */
export const form151: SheetTemplate = calculationForm({
  specific: '151',
  subclass: '150',
  specificName: 'Оплата коммунальных услуг',
  titleKk: 'коммуналдық қызметтерге ақы төлеу',
  columns: [
    text('service', t('Вид услуги', 'Қызмет түрі'), { required: true }),
    text('object', t('Объект', 'Объект')),
    code('unit', t('Ед. изм.', 'Өлш. бірл.')),
    qty('volume', t('Объем потребления', 'Тұтыну көлемі'), 'unit', 3, { required: true }),
    money('tariff', t('Тариф, тенге', 'Тариф, теңге'), { precision: 2, required: true }),
    qty('correction', t('Поправочный коэффициент', 'Түзету коэффициенті'), 'coefficient', 3),
  ],
  amountFormula: 'ROUND({volume} * {tariff} * IF(ISBLANK({correction}), 1, {correction}), 0)',
});

/** Form 01-152: communication services (услуги связи). */
export const form152: SheetTemplate = calculationForm({
  specific: '152',
  subclass: '150',
  specificName: 'Оплата услуг связи',
  titleKk: 'байланыс қызметтеріне ақы төлеу',
  columns: [
    text('service', t('Вид услуги связи', 'Байланыс қызметінің түрі'), { required: true }),
    qty('lines', t('Количество номеров (каналов)', 'Нөмірлер (арналар) саны'), 'piece', 0),
    money('monthly_fee', t('Абонентская плата в месяц, тенге', 'Айлық абоненттік төлем, теңге'), { precision: 2 }),
    qty('months', t('Количество месяцев', 'Айлар саны'), 'month', 0),
    money('one_time', t('Разовые платежи, тенге', 'Біржолғы төлемдер, теңге')),
  ],
  amountFormula: 'ROUND({lines} * {monthly_fee} * {months} + {one_time}, 0)',
});

/** Form 01-159: other services and works (прочие услуги и работы). */
export const form159: SheetTemplate = calculationForm({
  specific: '159',
  subclass: '150',
  specificName: 'Оплата прочих услуг и работ',
  titleKk: 'өзге де қызметтер мен жұмыстарға ақы төлеу',
  columns: [
    text('service', t('Наименование услуги (работы)', 'Қызметтің (жұмыстың) атауы'), { required: true }),
    code('unit', t('Ед. изм.', 'Өлш. бірл.')),
    qty('quantity', t('Количество', 'Саны'), 'unit', 2, { required: true }),
    money('price', PRICE, { precision: 2, required: true }),
    qty('months', t('Месяцев (для ежемесячных услуг)', 'Айлар (ай сайынғы қызметтер үшін)'), 'month', 0),
  ],
  amountFormula: 'ROUND({quantity} * {price} * IF(ISBLANK({months}), 1, {months}), 0)',
});

const TRIP = t('Расходы на одного командированного', 'Бір іссапарға жіберілген адамға шығыстар');

/** Form 01-161: domestic business trips (командировки внутри страны). */
export const form161: SheetTemplate = calculationForm({
  specific: '161',
  subclass: '160',
  specificName: 'Командировки и служебные разъезды внутри страны',
  titleKk: 'ел ішіндегі іссапарлар мен қызметтік сапарлар',
  columns: [
    text('destination', t('Пункт назначения', 'Баратын жері'), { required: true }),
    text('purpose', t('Цель командировки', 'Іссапар мақсаты')),
    qty('trips', t('Количество поездок', 'Сапарлар саны'), 'piece', 0),
    qty('persons', t('Количество человек', 'Адам саны'), 'person', 0),
    qty('days', t('Суток', 'Тәулік'), 'day', 0, { headerPath: [TRIP] }),
    qty('per_diem_mrp', t('Суточные, МРП в сутки', 'Тәуліктік, тәулігіне АЕК'), 'mrp', 2, { headerPath: [TRIP] }),
    qty('nights', t('Ночей проживания', 'Тұру түндері'), 'day', 0, { headerPath: [TRIP] }),
    money('lodging', t('Проживание за ночь, тенге', 'Бір түнге тұру, теңге'), { headerPath: [TRIP] }),
    money('ticket', t('Проезд туда и обратно, тенге', 'Бару-қайту жол ақысы, теңге'), { headerPath: [TRIP] }),
  ],
  amountFormula:
    'ROUND({trips} * {persons} * ({days} * {per_diem_mrp} * $mrp + {nights} * {lodging} + {ticket}), 0)',
});

/** Form 01-162: business trips abroad (командировки за пределы страны), with the currency rate. */
export const form162: SheetTemplate = calculationForm({
  specific: '162',
  subclass: '160',
  specificName: 'Командировки и служебные разъезды за пределы страны',
  titleKk: 'ел тыс іссапарлар мен қызметтік сапарлар',
  columns: [
    text('country', t('Страна, город', 'Ел, қала'), { required: true }),
    code('currency', t('Валюта', 'Валюта')),
    qty('rate', t('Курс, тенге за единицу', 'Бағам, бірлігі үшін теңге'), 'coefficient', 2, { required: true }),
    qty('trips', t('Количество поездок', 'Сапарлар саны'), 'piece', 0),
    qty('persons', t('Количество человек', 'Адам саны'), 'person', 0),
    qty('days', t('Суток', 'Тәулік'), 'day', 0, { headerPath: [TRIP] }),
    qty('per_diem', t('Суточные в валюте', 'Валютамен тәуліктік'), 'currency', 2, { headerPath: [TRIP] }),
    qty('nights', t('Ночей проживания', 'Тұру түндері'), 'day', 0, { headerPath: [TRIP] }),
    qty('lodging', t('Проживание за ночь в валюте', 'Валютамен бір түнге тұру'), 'currency', 2, { headerPath: [TRIP] }),
    money('ticket', t('Проезд туда и обратно, тенге', 'Бару-қайту жол ақысы, теңге'), { headerPath: [TRIP] }),
  ],
  amountFormula:
    'ROUND({trips} * {persons} * (({days} * {per_diem} + {nights} * {lodging}) * {rate} + {ticket}), 0)',
});

/** Form 01-169: other current costs (прочие текущие затраты): base × rate, or a fixed amount. */
export const form169: SheetTemplate = calculationForm({
  specific: '169',
  subclass: '160',
  specificName: 'Прочие текущие затраты',
  titleKk: 'өзге де ағымдағы шығындар',
  columns: [
    text('cost_type', t('Вид затрат', 'Шығын түрі'), { required: true }),
    money('base', t('База исчисления, тенге', 'Есептеу базасы, теңге')),
    pct('rate', t('Ставка, %', 'Мөлшерлеме, %')),
    money('fixed_amount', t('Сумма (если не по ставке), тенге', 'Сома (мөлшерлеме бойынша болмаса), теңге')),
  ],
  amountFormula: 'ROUND(IF(ISBLANK({fixed_amount}), {base} * {rate} / 100, {fixed_amount}), 0)',
});

/** Form 01-414: machines and equipment (машины, оборудование, инвентарь); three price quotes. */
export const form414: SheetTemplate = calculationForm({
  specific: '414',
  subclass: '410',
  specificName: 'Приобретение машин, оборудования, инструментов, производственного и хозяйственного инвентаря',
  titleKk: 'машиналар, жабдықтар, құрал-саймандар, өндірістік және шаруашылық мүкәммалын сатып алу',
  columns: [
    text('item', t('Наименование', 'Атауы'), { required: true }),
    code('enstru', t('Код ЕНС ТРУ', 'ТЖҚБНА коды')),
    qty('norm', t('Норматив, ед.', 'Норматив, бірл.'), 'piece', 0),
    qty('on_hand', t('В наличии, ед.', 'Бар, бірл.'), 'piece', 0),
    qty('quantity', t('Потребность, ед.', 'Қажеттілік, бірл.'), 'piece', 0, { required: true }),
    ...quotes(),
  ],
  amountFormula: 'ROUND({quantity} * {price}, 0)',
});

/** All calculation forms in summary order. */
export const calculationForms: SheetTemplate[] = [
  form111,
  form113,
  form121,
  form122,
  form124,
  form141,
  form144,
  form149,
  form151,
  form152,
  form159,
  form161,
  form162,
  form169,
  form414,
];

const SUMMARY_COLS: ColumnDef[] = [
  { ...money('fact', t('Отчетный год (факт)', 'Есепті жыл (факт)')), year: 'fact' },
  { ...money('estimate', t('Текущий год (оценка)', 'Ағымдағы жыл (бағалау)')), year: 'estimate' },
  {
    ...calc('plan1', t('Плановый год 1', 'Жоспарлы 1-жыл'), ''),
    year: 'plan1',
    headerPath: [t('Плановый период', 'Жоспарлы кезең')],
  },
  {
    ...calc('plan2', t('Плановый год 2', 'Жоспарлы 2-жыл'), ''),
    year: 'plan2',
    headerPath: [t('Плановый период', 'Жоспарлы кезең')],
  },
  {
    ...calc('plan3', t('Плановый год 3', 'Жоспарлы 3-жыл'), ''),
    year: 'plan3',
    headerPath: [t('Плановый период', 'Жоспарлы кезең')],
  },
];
for (const c of SUMMARY_COLS) if (c.formula === '') delete c.formula;

/** Row id of specific NNN in the summary. */
export function summaryRowId(specific: string): string {
  return `s${specific}`;
}

/** Summary by specific (свод по специфике): each line equals its form's total. */
export const summary: SheetTemplate = (() => {
  const rows: RowSpec[] = calculationForms.map((f) => {
    const sheet = f.defaultSheetId ?? '';
    const specificName = /«(.*)»/.exec(f.title.ru)?.[1] ?? f.title.ru;
    return {
      kind: 'fixed',
      id: summaryRowId(f.specific ?? ''),
      code: f.specific,
      // Classifier names: Kazakh edition not sourced yet, the kk interface shows the Russian name (DOMAIN.md §3.5).
      title: { ru: specificName, kk: specificName },
      role: 'input',
      formulas: {
        plan1: `{${sheet}!total.amount}`,
        plan2: `{${sheet}!total.amount_y2}`,
        plan3: `{${sheet}!total.amount_y3}`,
      },
    };
  });
  const first = summaryRowId(calculationForms[0]?.specific ?? '');
  const last = summaryRowId(calculationForms[calculationForms.length - 1]?.specific ?? '');
  const totals: Record<string, string> = {};
  for (const c of SUMMARY_COLS) totals[c.id] = `SUM({${first}.${c.id}}:{${last}.${c.id}})`;
  rows.push({ kind: 'fixed', id: 'total', title: t('Всего расходов', 'Барлық шығыстар'), role: 'total', formulas: totals });
  return {
    id: 'budget-request/summary@2025-04',
    formCode: '01-свод',
    title: t(
      'Свод расходов по спецификам экономической классификации',
      'Экономикалық сыныптама ерекшеліктері бойынша шығыстар жиынтығы',
    ),
    edition: BUDGET_REQUEST_EDITION,
    documentKind: 'budget-request',
    defaultSheetId: 'summary',
    header: FORM_HEADER.filter((h) => h !== 'specific'),
    columns: SUMMARY_COLS,
    rows,
  };
})();
