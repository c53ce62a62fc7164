// Demo data: a fictional oblast's finance department, two administrators (education, health), two
// schools, one user per role. All names are marked «(демо)»; ИИН/БИН are fictional but pass the
// check-digit rule, so login validation treats them like real ones.
import type { BudgetLevel, OrganisationKind, Role } from '../generated/client.ts';

/** The one password every demo user has. */
export const DEMO_PASSWORD = 'Zhospar-demo-2026';

export interface DemoOrganisation {
  key: 'finance' | 'education' | 'health' | 'school1' | 'school2';
  parentKey: DemoOrganisation['key'] | null;
  kind: OrganisationKind;
  bin: string;
  code: string;
  nameRu: string;
  nameKk: string;
  budgetLevel: BudgetLevel;
}

export const demoOrganisations: readonly DemoOrganisation[] = [
  {
    key: 'finance',
    parentKey: null,
    kind: 'AUTHORIZED_BODY',
    bin: '260140000015',
    code: '257',
    nameRu: 'Управление финансов Демонстрационной области (демо)',
    nameKk: 'Демонстрациялық облыстың қаржы басқармасы (демо)',
    budgetLevel: 'LOCAL',
  },
  {
    key: 'education',
    parentKey: 'finance',
    kind: 'ABP',
    bin: '260140000025',
    code: '261',
    nameRu: 'Управление образования Демонстрационной области (демо)',
    nameKk: 'Демонстрациялық облыстың білім басқармасы (демо)',
    budgetLevel: 'LOCAL',
  },
  {
    key: 'health',
    parentKey: 'finance',
    kind: 'ABP',
    bin: '260140000035',
    code: '253',
    nameRu: 'Управление здравоохранения Демонстрационной области (демо)',
    nameKk: 'Демонстрациялық облыстың денсаулық сақтау басқармасы (демо)',
    budgetLevel: 'LOCAL',
  },
  {
    key: 'school1',
    parentKey: 'education',
    kind: 'GU',
    bin: '260140000045',
    code: '261001',
    nameRu: 'КГУ «Общеобразовательная школа № 1» (демо)',
    nameKk: '«№ 1 жалпы білім беретін мектеп» КММ (демо)',
    budgetLevel: 'LOCAL',
  },
  {
    key: 'school2',
    parentKey: 'education',
    kind: 'GU',
    bin: '260140000055',
    code: '261002',
    nameRu: 'КГУ «Общеобразовательная школа № 2» (демо)',
    nameKk: '«№ 2 жалпы білім беретін мектеп» КММ (демо)',
    budgetLevel: 'LOCAL',
  },
];

export interface DemoUser {
  iin: string;
  fullName: string;
  organisationKey: DemoOrganisation['key'];
  role: Role;
}

export const demoUsers: readonly DemoUser[] = [
  { iin: '850315400124', fullName: 'Сапарова Айгерим (демо)', organisationKey: 'school1', role: 'ECONOMIST' },
  { iin: '881102350342', fullName: 'Жумабаев Ерлан (демо)', organisationKey: 'school1', role: 'ECONOMIST' },
  { iin: '900722450234', fullName: 'Ахметова Динара (демо)', organisationKey: 'school2', role: 'ECONOMIST' },
  { iin: '790526300459', fullName: 'Касымов Нурлан (демо)', organisationKey: 'school1', role: 'HEAD' },
  { iin: '831204450562', fullName: 'Абенова Гульнара (демо)', organisationKey: 'education', role: 'CURATOR' },
  { iin: '910404300670', fullName: 'Омаров Бауыржан (демо)', organisationKey: 'education', role: 'APPROVER' },
  // Prepares the АБП's own documents (ПКФО); one of the administrator's economists.
  { iin: '920305450121', fullName: 'Сейтова Мадина (демо)', organisationKey: 'education', role: 'ECONOMIST' },
  { iin: '760819400780', fullName: 'Нурланова Самал (демо)', organisationKey: 'finance', role: 'CURATOR' },
  { iin: '870626300896', fullName: 'Беков Тимур (демо)', organisationKey: 'finance', role: 'ADMIN' },
];

export interface DemoProgram {
  administratorKey: DemoOrganisation['key'];
  code: string;
  subprogramCode: string | null;
  nameRu: string;
  nameKk: string;
}

export const demoPrograms: readonly DemoProgram[] = [
  {
    administratorKey: 'education',
    code: '001',
    subprogramCode: null,
    nameRu: 'Услуги по реализации государственной политики на местном уровне в области образования (демо)',
    nameKk: 'Білім беру саласындағы мемлекеттік саясатты жергілікті деңгейде іске асыру жөніндегі қызметтер (демо)',
  },
  {
    administratorKey: 'education',
    code: '003',
    subprogramCode: null,
    nameRu: 'Общеобразовательное обучение (демо)',
    nameKk: 'Жалпы білім беру (демо)',
  },
  {
    administratorKey: 'health',
    code: '001',
    subprogramCode: null,
    nameRu: 'Услуги по реализации государственной политики на местном уровне в области здравоохранения (демо)',
    nameKk: 'Денсаулық сақтау саласындағы мемлекеттік саясатты жергілікті деңгейде іске асыру жөніндегі қызметтер (демо)',
  },
];

export const DEMO_ROUND = {
  name: 'Бюджетное планирование на 2027–2029 годы (демо)',
  currentYear: 2026,
  firstPlanYear: 2027,
  lastPlanYear: 2029,
} as const;

/** Program every demo school's budget request is for. */
export const DEMO_REQUEST_PROGRAM = { code: '003', subprogramCode: null } as const;

/** A demo login, for the README and the start script. */
export interface DemoLogin {
  iin: string;
  password: string;
  role: Role;
  /** Russian name of the user's organisation. */
  organisation: string;
  fullName: string;
}

/** Every demo user with the shared demo password. */
export const demoLogins: readonly DemoLogin[] = demoUsers.map((user) => ({
  iin: user.iin,
  password: DEMO_PASSWORD,
  role: user.role,
  organisation: demoOrganisations.find((org) => org.key === user.organisationKey)?.nameRu ?? user.organisationKey,
  fullName: user.fullName,
}));
