/**
 * Errors the HTTP API returns, always as `{ error: { code, message: { ru, kk } } }`, so the client
 * can show a sentence in the user's language and tests can match a stable code.
 */
export interface LocalizedMessage {
  ru: string;
  kk: string;
}

export type ApiErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'invalid-credentials'
  | 'forbidden'
  | 'not-found'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'account-locked'
  | 'database-unavailable'
  | 'internal'
  | 'status-conflict'
  | 'controls-failed'
  | 'reason-required'
  | 'version-exists'
  | 'document-exists'
  | 'no-snapshot'
  | 'invalid-key'
  | 'key-exists'
  | 'key-not-bound'
  | 'iin-mismatch'
  | 'signature-invalid'
  | 'already-signed'
  | 'export-busy'
  | 'export-not-ready'
  | 'export-failed'
  | 'import-refused'
  | 'import-preview-not-found'
  | 'import-stale'
  | 'import-rejected'
  | 'document-not-editable'
  | 'foreign-origin';

const messages: Record<ApiErrorCode, LocalizedMessage> = {
  'bad-request': { ru: 'Некорректный запрос.', kk: 'Сұрау дұрыс емес.' },
  unauthorized: {
    ru: 'Требуется вход в систему: сеанс отсутствует или истёк.',
    kk: 'Жүйеге кіру қажет: сеанс жоқ немесе мерзімі өтті.',
  },
  'invalid-credentials': { ru: 'Неверный ИИН или пароль.', kk: 'ЖСН немесе құпиясөз қате.' },
  forbidden: { ru: 'Недостаточно прав для этого действия.', kk: 'Бұл әрекетке құқығыңыз жеткіліксіз.' },
  'not-found': { ru: 'Не найдено.', kk: 'Табылмады.' },
  'foreign-origin': {
    ru: 'Запрос с чужого сайта отклонён.',
    kk: 'Бөгде сайттан келген сұрау қабылданбады.',
  },
  'payload-too-large': { ru: 'Слишком большой запрос.', kk: 'Сұрау тым үлкен.' },
  'unsupported-media-type': {
    ru: 'Неподдерживаемый формат запроса: ожидается JSON.',
    kk: 'Сұрау пішімі қолдау көрсетілмейді: JSON күтіледі.',
  },
  'account-locked': {
    ru: 'Слишком много неудачных попыток входа. Учётная запись заблокирована на 15 минут.',
    kk: 'Кіру әрекеттері тым көп сәтсіз болды. Есептік жазба 15 минутқа бұғатталды.',
  },
  'too-many-requests': {
    ru: 'Слишком много попыток. Повторите позже.',
    kk: 'Әрекеттер тым көп. Кейінірек қайталаңыз.',
  },
  'database-unavailable': {
    ru: 'База данных временно недоступна. Изменения не потеряны — повторите позже.',
    kk: 'Дерекқор уақытша қолжетімсіз. Өзгерістер жоғалған жоқ — кейінірек қайталаңыз.',
  },
  internal: { ru: 'Внутренняя ошибка сервера.', kk: 'Сервердің ішкі қатесі.' },
  'status-conflict': {
    ru: 'Статус документа не позволяет это действие (возможно, его только что изменил другой пользователь). Обновите страницу.',
    kk: 'Құжат мәртебесі бұл әрекетке мүмкіндік бермейді (оны басқа пайдаланушы жаңа ғана өзгерткен болуы мүмкін). Бетті жаңартыңыз.',
  },
  'controls-failed': {
    ru: 'Документ нельзя отправить на проверку: есть ошибки контроля. Исправьте их и повторите.',
    kk: 'Құжатты тексеруге жіберу мүмкін емес: бақылау қателері бар. Оларды түзетіп, қайталаңыз.',
  },
  'reason-required': {
    ru: 'Укажите причину возврата на доработку.',
    kk: 'Пысықтауға қайтару себебін көрсетіңіз.',
  },
  'document-exists': {
    ru: 'Такой документ уже создан: откройте его из списка документов.',
    kk: 'Мұндай құжат бұрыннан жасалған: оны құжаттар тізімінен ашыңыз.',
  },
  'version-exists': {
    ru: 'Следующая версия этого документа уже создана.',
    kk: 'Бұл құжаттың келесі нұсқасы бұрын жасалған.',
  },
  'no-snapshot': {
    ru: 'У документа нет утвержденной версии.',
    kk: 'Құжаттың бекітілген нұсқасы жоқ.',
  },
  'invalid-key': {
    ru: 'Открытый ключ не подходит: нужен ключ ECDSA P-256 в формате JWK без закрытой части.',
    kk: 'Ашық кілт жарамсыз: жабық бөлігі жоқ JWK пішіміндегі ECDSA P-256 кілті қажет.',
  },
  'key-exists': { ru: 'Этот ключ уже зарегистрирован.', kk: 'Бұл кілт бұрын тіркелген.' },
  'key-not-bound': {
    ru: 'Ключ подписи не привязан к вашему ИИН администратором или отозван.',
    kk: 'Қол қою кілті әкімші арқылы сіздің ЖСН-ге байланыстырылмаған немесе кері қайтарылған.',
  },
  'iin-mismatch': {
    ru: 'ИИН не совпадает с ИИН владельца ключа.',
    kk: 'ЖСН кілт иесінің ЖСН-імен сәйкес келмейді.',
  },
  'signature-invalid': {
    ru: 'Подпись не прошла проверку.',
    kk: 'Қолтаңба тексеруден өтпеді.',
  },
  'already-signed': { ru: 'Вы уже подписали эту версию.', kk: 'Сіз бұл нұсқаға бұрын қол қойдыңыз.' },
  'export-busy': {
    ru: 'Сервер уже формирует много файлов Excel. Дождитесь окончания ваших выгрузок и повторите.',
    kk: 'Сервер көптеген Excel файлдарын жасап жатыр. Түсірулеріңіздің аяқталуын күтіп, қайталаңыз.',
  },
  'export-not-ready': {
    ru: 'Файл Excel еще формируется. Дождитесь окончания выгрузки.',
    kk: 'Excel файлы әлі жасалуда. Түсірудің аяқталуын күтіңіз.',
  },
  'export-failed': {
    ru: 'Не удалось сформировать файл Excel. Повторите выгрузку; если ошибка повторится, сообщите администратору.',
    kk: 'Excel файлын жасау мүмкін болмады. Түсіруді қайталаңыз; қате қайталанса, әкімшіге хабарлаңыз.',
  },
  'import-refused': {
    ru: 'Файл не загружен: он поврежден, защищен паролем, слишком большой или не соответствует формам документа. Ничего не изменено.',
    kk: 'Файл жүктелмеді: ол бүлінген, құпиясөзбен қорғалған, тым үлкен немесе құжат нысандарына сәйкес келмейді. Ештеңе өзгертілмеді.',
  },
  'import-preview-not-found': {
    ru: 'Предварительный просмотр загрузки не найден или устарел (хранится 30 минут). Загрузите файл заново.',
    kk: 'Жүктеуді алдын ала қарау табылмады немесе ескірді (30 минут сақталады). Файлды қайта жүктеңіз.',
  },
  'import-stale': {
    ru: 'После предварительного просмотра эти ячейки изменил другой пользователь. Ничего не изменено — загрузите файл заново и проверьте изменения.',
    kk: 'Алдын ала қараудан кейін бұл ұяшықтарды басқа пайдаланушы өзгертті. Ештеңе өзгертілмеді — файлды қайта жүктеп, өзгерістерді тексеріңіз.',
  },
  'import-rejected': {
    ru: 'Изменения из файла не прошли проверку сервера. Ничего не изменено.',
    kk: 'Файлдағы өзгерістер сервер тексеруінен өтпеді. Ештеңе өзгертілмеді.',
  },
  'document-not-editable': {
    ru: 'Документ нельзя изменить в текущем статусе (отправлен на проверку или утвержден) или у вас нет права на изменение. Ничего не изменено.',
    kk: 'Құжатты ағымдағы мәртебесінде өзгерту мүмкін емес (тексеруге жіберілген немесе бекітілген) немесе сізде өзгерту құқығы жоқ. Ештеңе өзгертілмеді.',
  },
};

const statusByCode: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'invalid-credentials': 401,
  forbidden: 403,
  'foreign-origin': 403,
  'not-found': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  'account-locked': 429,
  'database-unavailable': 503,
  internal: 500,
  'status-conflict': 409,
  'controls-failed': 422,
  'reason-required': 400,
  'version-exists': 409,
  'document-exists': 409,
  'no-snapshot': 404,
  'invalid-key': 400,
  'key-exists': 409,
  'key-not-bound': 422,
  'iin-mismatch': 400,
  'signature-invalid': 422,
  'already-signed': 409,
  'export-busy': 429,
  'export-not-ready': 409,
  'export-failed': 409,
  'import-refused': 422,
  'import-preview-not-found': 404,
  'import-stale': 409,
  'import-rejected': 422,
  'document-not-editable': 409,
};

/** An error meant for the API caller; anything else is logged and answered as `internal`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly details: string | undefined;
  /** Structured data for the client (e.g. the failed controls of `controls-failed`). */
  readonly data: unknown;

  constructor(code: ApiErrorCode, details?: string, data?: unknown) {
    super(messages[code].ru);
    this.code = code;
    this.statusCode = statusByCode[code];
    this.details = details;
    this.data = data;
  }
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: LocalizedMessage; details?: string; data?: unknown };
}

/** The body sent for `code`; `details` is a technical hint that never contains a stack trace. */
export function apiErrorBody(code: ApiErrorCode, details?: string, data?: unknown): ApiErrorBody {
  return { error: { code, message: messages[code], ...(details ? { details } : {}), ...(data !== undefined ? { data } : {}) } };
}

/** The ru/kk message of an error code (also used outside HTTP bodies). */
export function apiErrorMessage(code: ApiErrorCode): LocalizedMessage {
  return messages[code];
}

/** JSON schema of the error body, for OpenAPI. */
export const apiErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: {
          type: 'object',
          required: ['ru', 'kk'],
          properties: { ru: { type: 'string' }, kk: { type: 'string' } },
        },
        details: { type: 'string' },
        data: { description: 'Structured data of some codes, e.g. `controls` of controls-failed.' },
      },
    },
  },
} as const;
