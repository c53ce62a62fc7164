/**
 * Golden figures for every template, computed by hand; the arithmetic is written beside each figure.
 * Parameters: TEST_PARAMETERS (БДО 20 000, МРП 4 000, МЗП 85 000, social tax 6 %, contributions 5 %
 * capped at 7 МЗП a month, ОСМС 3 % capped at 40 МЗП; inflation 110: ×1.1 then ×1.05; 120/140/150/160/410: ×1.05 then ×1.04).
 */
import { describe, expect, it } from 'vitest';
import type { DocumentEngine } from './createDocumentEngine.ts';
import { buildDocument, sheet } from './test/buildDocument.ts';

const BR = (s: string): string => `budget-request/${s}@2025-04`;
const v = (doc: DocumentEngine, sheetId: string, rowId: string, colId: string): unknown => doc.getValue({ sheetId, rowId, colId });

describe('budget request calculation forms', () => {
  it('01-111 salaries', () => {
    const doc = buildDocument([sheet('f111', BR('111'), { a: { position: 'Главный специалист', staff_units: 2, salary_factor: 3.5, allowance_pct: 10, allowance_amount: 5000, months: 12 } })]);
    expect(v(doc, 'f111', 'a', 'official_salary')).toBe(70000); // 20 000 × 3.5
    expect(v(doc, 'f111', 'a', 'monthly_fund')).toBe(164000); // (70 000 × 1.10 + 5 000) × 2 = 82 000 × 2
    expect(v(doc, 'f111', 'a', 'amount')).toBe(1968000); // 164 000 × 12
    expect(v(doc, 'f111', 'a', 'amount_y2')).toBe(2164800); // 1 968 000 × 1.1
    expect(v(doc, 'f111', 'a', 'amount_y3')).toBe(2273040); // 2 164 800 × 1.05
    expect(v(doc, 'f111', 'total', 'staff_units')).toBe(2);
    expect(v(doc, 'f111', 'total', 'monthly_fund')).toBe(164000);
  });

  it('01-113 compensation payments, in tenge or in МРП', () => {
    const doc = buildDocument([sheet('f113', BR('113'), { a: { payment_type: 'Пособие на оздоровление', persons: 10, per_person_mrp: 2 }, b: { payment_type: 'Подъемные', persons: 3, per_person: 15000 } })]);
    expect(v(doc, 'f113', 'a', 'amount')).toBe(80000); // 10 × 2 МРП × 4 000
    expect(v(doc, 'f113', 'b', 'amount')).toBe(45000); // 3 × 15 000
    expect(v(doc, 'f113', 'total', 'amount')).toBe(125000); // 80 000 + 45 000
    expect(v(doc, 'f113', 'total', 'amount_y2')).toBe(137500); // 88 000 + 49 500 (×1.1)
  });

  it('01-122 social contributions with the 7 МЗП cap', () => {
    const doc = buildDocument([sheet('f122', BR('122'), { a: { category: 'Госслужащие', persons: 10, base: 12000000 }, b: { category: 'Руководство', persons: 1, base: 10000000 } })]);
    expect(v(doc, 'f122', 'a', 'base_cap')).toBe(71400000); // 10 × 7 × 85 000 × 12
    expect(v(doc, 'f122', 'a', 'amount')).toBe(600000); // min(12 000 000; 71 400 000) × 5 %
    expect(v(doc, 'f122', 'b', 'amount')).toBe(357000); // min(10 000 000; 1 × 7 × 85 000 × 12 = 7 140 000) × 5 %
    expect(v(doc, 'f122', 'total', 'amount')).toBe(957000); // 600 000 + 357 000
    expect(v(doc, 'f122', 'total', 'amount_y2')).toBe(1004850); // 630 000 + 374 850 (×1.05)
  });

  it('01-121 social tax less social contributions (122)', () => {
    const doc = buildDocument([
      sheet('f121', BR('121'), { a: { category: 'Госслужащие', persons: 10, base: 12000000, deductions: 1200000 } }),
      sheet('f122', BR('122'), { a: { category: 'Госслужащие', persons: 10, base: 12000000 } }),
    ]);
    expect(v(doc, 'f121', 'a', 'rate')).toBe(6);
    expect(v(doc, 'f121', 'a', 'amount')).toBe(648000); // (12 000 000 − 1 200 000) × 6 %
    expect(v(doc, 'f121', 'contrib', 'amount')).toBe(600000); // 122: 12 000 000 × 5 %
    expect(v(doc, 'f121', 'total', 'amount')).toBe(48000); // 648 000 − 600 000
    expect(v(doc, 'f121', 'total', 'amount_y2')).toBe(50400); // 680 400 − 630 000
  });

  it('01-124 compulsory social health insurance', () => {
    const doc = buildDocument([sheet('f124', BR('124'), { a: { category: 'Все работники', persons: 10, base: 12000000 } })]);
    expect(v(doc, 'f124', 'a', 'amount')).toBe(360000); // min(12 000 000; 10 × 40 × 85 000 × 12) × 3 %
  });

  it('01-141 food', () => {
    const doc = buildDocument([sheet('f141', BR('141'), { a: { recipient: 'Воспитанники', persons: 50, days: 250, cost_per_day: 1200 }, b: { recipient: 'Дети-инвалиды', persons: 10, days: 100, cost_per_day: 1000, correction: 1.1 } })]);
    expect(v(doc, 'f141', 'a', 'amount')).toBe(15000000); // 50 × 250 × 1 200
    expect(v(doc, 'f141', 'b', 'amount')).toBe(1100000); // 10 × 100 × 1 000 × 1.1
    expect(v(doc, 'f141', 'total', 'amount')).toBe(16100000);
  });

  it('01-144 fuel', () => {
    const doc = buildDocument([sheet('f144', BR('144'), { a: { vehicle: '123ABC02', model: 'Toyota Camry', fuel_norm: 10.5, mileage: 24000, months: 12, winter_months: 5, winter_pct: 10, price: 300 } })]);
    expect(v(doc, 'f144', 'a', 'litres')).toBe(2625); // 10.5/100 × 24 000/12 × (12 + 5 × 10 %) = 0.105 × 2 000 × 12.5
    expect(v(doc, 'f144', 'a', 'amount')).toBe(787500); // 2 625 × 300
    expect(v(doc, 'f144', 'total', 'litres')).toBe(2625);
  });

  it('01-149 other supplies at the average of three quotes', () => {
    const doc = buildDocument([sheet('f149', BR('149'), { a: { item: 'Бумага A4', quantity: 10, price1: 2000, price2: 2200, price3: 2400 }, b: { item: 'Картридж', quantity: 3, price1: 1000 } })]);
    expect(v(doc, 'f149', 'a', 'price')).toBe(2200); // (2 000 + 2 200 + 2 400) / 3
    expect(v(doc, 'f149', 'a', 'amount')).toBe(22000); // 10 × 2 200
    expect(v(doc, 'f149', 'b', 'amount')).toBe(3000); // 3 × 1 000 (one quote)
    expect(v(doc, 'f149', 'total', 'amount_y2')).toBe(26250); // 23 100 + 3 150 (×1.05)
    expect(v(doc, 'f149', 'total', 'amount_y3')).toBe(27300); // 24 024 + 3 276 (×1.04)
  });

  it('01-151 utilities', () => {
    const doc = buildDocument([sheet('f151', BR('151'), { a: { service: 'Электроэнергия', volume: 120000, tariff: 25.5 } })]);
    expect(v(doc, 'f151', 'a', 'amount')).toBe(3060000); // 120 000 kWh × 25.5
  });

  it('01-152 communication', () => {
    const doc = buildDocument([sheet('f152', BR('152'), { a: { service: 'Телефония', lines: 10, monthly_fee: 3500, months: 12, one_time: 20000 } })]);
    expect(v(doc, 'f152', 'a', 'amount')).toBe(440000); // 10 × 3 500 × 12 + 20 000
  });

  it('01-159 other services, one-off and monthly', () => {
    const doc = buildDocument([sheet('f159', BR('159'), { a: { service: 'Поверка приборов', quantity: 2, price: 150000 }, b: { service: 'Аренда помещения, м²', quantity: 120, price: 3000, months: 12 } })]);
    expect(v(doc, 'f159', 'a', 'amount')).toBe(300000); // 2 × 150 000
    expect(v(doc, 'f159', 'b', 'amount')).toBe(4320000); // 120 × 3 000 × 12
  });

  it('01-161 domestic trips with per diem in МРП', () => {
    const doc = buildDocument([sheet('f161', BR('161'), { a: { destination: 'Астана', trips: 4, persons: 2, days: 3, per_diem_mrp: 2, nights: 2, lodging: 15000, ticket: 40000 } })]);
    expect(v(doc, 'f161', 'a', 'amount')).toBe(752000); // 4 × 2 × (3 × 2 × 4 000 + 2 × 15 000 + 40 000) = 8 × 94 000
  });

  it('01-162 trips abroad at the currency rate', () => {
    const doc = buildDocument([sheet('f162', BR('162'), { a: { country: 'Ташкент', currency: 'USD', rate: 470, trips: 1, persons: 2, days: 5, per_diem: 60, nights: 4, lodging: 150, ticket: 500000 } })]);
    expect(v(doc, 'f162', 'a', 'amount')).toBe(1846000); // 1 × 2 × ((5 × 60 + 4 × 150) × 470 + 500 000) = 2 × (423 000 + 500 000)
  });

  it('01-169 other current costs, by rate or fixed', () => {
    const doc = buildDocument([sheet('f169', BR('169'), { a: { cost_type: 'Госпошлина', base: 1000000, rate: 2 }, b: { cost_type: 'Членские взносы', fixed_amount: 50000 } })]);
    expect(v(doc, 'f169', 'a', 'amount')).toBe(20000); // 1 000 000 × 2 %
    expect(v(doc, 'f169', 'b', 'amount')).toBe(50000);
    expect(v(doc, 'f169', 'total', 'amount')).toBe(70000);
  });

  it('01-414 equipment', () => {
    const doc = buildDocument([sheet('f414', BR('414'), { a: { item: 'Ноутбук', quantity: 5, price1: 300000, price2: 310000, price3: 320000 } })]);
    expect(v(doc, 'f414', 'a', 'amount')).toBe(1550000); // 5 × (300 000 + 310 000 + 320 000) / 3
    expect(v(doc, 'f414', 'a', 'amount_y2')).toBe(1627500); // × 1.05
  });

  it('summary by specific: fact and estimate typed, plan years from the forms', () => {
    const doc = buildDocument([
      sheet('summary', BR('summary'), {}, { s111: { fact: 1800000, estimate: 1900000 }, s144: { fact: 700000, estimate: 750000 } }),
      sheet('f111', BR('111'), { a: { position: 'Специалист', staff_units: 2, salary_factor: 3.5, allowance_pct: 10, allowance_amount: 5000, months: 12 } }),
      sheet('f144', BR('144'), { a: { fuel_norm: 10.5, mileage: 24000, months: 12, winter_months: 5, winter_pct: 10, price: 300 } }),
    ]);
    expect(v(doc, 'summary', 's111', 'plan1')).toBe(1968000);
    expect(v(doc, 'summary', 's144', 'plan2')).toBe(826875); // 787 500 × 1.05
    expect(v(doc, 'summary', 's149', 'plan1')).toBe(0); // no form 149 in the document
    expect(v(doc, 'summary', 'total', 'fact')).toBe(2500000); // 1 800 000 + 700 000
    expect(v(doc, 'summary', 'total', 'estimate')).toBe(2650000); // 1 900 000 + 750 000
    expect(v(doc, 'summary', 'total', 'plan1')).toBe(2755500); // 1 968 000 + 787 500
    expect(v(doc, 'summary', 'total', 'plan2')).toBe(2991675); // 2 164 800 + 826 875
    expect(v(doc, 'summary', 'total', 'plan3')).toBe(3132990); // 2 273 040 + 859 950
  });
});

describe('financing plans', () => {
  it('sums the months and the «Всего» row', () => {
    const months = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${String(i + 1).padStart(2, '0')}`, 100000]));
    const doc = buildDocument([
      sheet('payments', 'financing-plan/payments@2025-07', { a: { program: '001', subprogram: '015', specific: '144', annual: 1200000, ...months }, b: { program: '001', subprogram: '015', specific: '111', annual: 600000, m01: 600000 } }),
    ]);
    expect(v(doc, 'payments', 'a', 'months_sum')).toBe(1200000); // 12 × 100 000
    expect(v(doc, 'payments', 'total', 'annual')).toBe(1800000); // 1 200 000 + 600 000
    expect(v(doc, 'payments', 'total', 'm01')).toBe(700000); // 100 000 + 600 000
    expect(v(doc, 'payments', 'total', 'months_sum')).toBe(1800000);
  });
});

describe('PKFO', () => {
  it('ПКФО-1 section totals', () => {
    const doc = buildDocument([sheet('pkfo1', 'pkfo/1@2025', {}, { r010: { forecast1: 100 }, r011: { forecast1: 50 }, r019: { forecast1: 25 }, r113: { forecast1: 1000 }, r116: { forecast1: 200 }, r214: { forecast1: 70 }, r224: { forecast1: 5 }, r310: { forecast1: 300 }, r410: { forecast1: 700 }, r412: { forecast1: 300 } })]);
    expect(v(doc, 'pkfo1', 'r100', 'forecast1')).toBe(175); // 100 + 50 + 25
    expect(v(doc, 'pkfo1', 'r200', 'forecast1')).toBe(1200); // 1 000 + 200
    expect(v(doc, 'pkfo1', 'r300', 'forecast1')).toBe(75); // 70 + 5
    expect(v(doc, 'pkfo1', 'r400', 'forecast1')).toBe(300);
    expect(v(doc, 'pkfo1', 'r500', 'forecast1')).toBe(1000); // 700 + 300
  });

  it('ПКФО-2 results', () => {
    const doc = buildDocument([sheet('pkfo2', 'pkfo/2@2025', {}, { r011: { estimate: 1000 }, r012: { estimate: 200 }, r015: { estimate: 300 }, r016: { estimate: 100 }, r020: { estimate: 50 }, r031: { estimate: 10 }, r032: { estimate: 5 }, r040: { estimate: 5 }, r111: { estimate: 800 }, r112: { estimate: 100 }, r131: { estimate: 300 }, r141: { estimate: 20 }, r150: { estimate: 10 }, r220: { estimate: -5 }, r230: { estimate: 15 } })]);
    expect(v(doc, 'pkfo2', 'r014', 'estimate')).toBe(400); // 300 + 100
    expect(v(doc, 'pkfo2', 'r010', 'estimate')).toBe(1600); // 1 000 + 200 + 0 + 400
    expect(v(doc, 'pkfo2', 'r030', 'estimate')).toBe(15); // 10 + 5
    expect(v(doc, 'pkfo2', 'r100', 'estimate')).toBe(1670); // 1 600 + 50 + 15 + 5
    expect(v(doc, 'pkfo2', 'r110', 'estimate')).toBe(900); // 800 + 100
    expect(v(doc, 'pkfo2', 'r200', 'estimate')).toBe(1230); // 900 + 300 + 20 + 10
    expect(v(doc, 'pkfo2', 'r300', 'estimate')).toBe(450); // 1 670 − 1 230 + 0 − 5 + 15 + 0
  });

  it('ПКФО-3 cash flows', () => {
    const doc = buildDocument([sheet('pkfo3', 'pkfo/3@2025', {}, { r011: { fact: 1000 }, r014: { fact: 500 }, r020: { fact: 100 }, r110: { fact: 900 }, r120: { fact: 400 }, r310: { fact: 50 }, r410: { fact: 200 }, r610: { fact: 100 }, r710: { fact: 40 }, r920: { fact: 90 } })]);
    expect(v(doc, 'pkfo3', 'r010', 'fact')).toBe(1500); // 1 000 + 500
    expect(v(doc, 'pkfo3', 'r100', 'fact')).toBe(1600); // 1 500 + 100
    expect(v(doc, 'pkfo3', 'r200', 'fact')).toBe(1300); // 900 + 400
    expect(v(doc, 'pkfo3', 'r300', 'fact')).toBe(300); // 1 600 − 1 300
    expect(v(doc, 'pkfo3', 'r600', 'fact')).toBe(-150); // 50 − 200
    expect(v(doc, 'pkfo3', 'r900', 'fact')).toBe(60); // 100 − 40
    expect(v(doc, 'pkfo3', 'r910', 'fact')).toBe(210); // 300 − 150 + 60
    expect(v(doc, 'pkfo3', 'r930', 'fact')).toBe(300); // 90 + 210
  });

  it('ПКФО-4 changes in net assets', () => {
    const doc = buildDocument([sheet('pkfo4', 'pkfo/4@2025', {}, { r020: { forecast2: 1000 }, r031: { forecast2: -20 }, r050: { forecast2: 450 }, r061: { forecast2: 30 } })]);
    expect(v(doc, 'pkfo4', 'r030', 'forecast2')).toBe(-20);
    expect(v(doc, 'pkfo4', 'r010', 'forecast2')).toBe(980); // 1 000 − 20
    expect(v(doc, 'pkfo4', 'r040', 'forecast2')).toBe(480); // 450 + 30
    expect(v(doc, 'pkfo4', 'r100', 'forecast2')).toBe(1460); // 980 + 480
  });

  it('Table 4 amortization', () => {
    const doc = buildDocument([sheet('pkfo_t4', 'pkfo/t4@2025', {}, { r030: { cost_start: 1000, received: 200, disposed: 50, amort_start: 400, amort_charged: 100, amort_written_off: 30 }, r040: { cost_start: 500 } })]);
    expect(v(doc, 'pkfo_t4', 'r030', 'cost_end')).toBe(1150); // 1 000 + 200 − 50
    expect(v(doc, 'pkfo_t4', 'r030', 'amort_end')).toBe(470); // 400 + 100 − 30
    expect(v(doc, 'pkfo_t4', 'r030', 'net_end')).toBe(680); // 1 150 − 470
    expect(v(doc, 'pkfo_t4', 'r100', 'net_end')).toBe(1180); // 680 + 500
  });
});
