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
  | 'database-unavailable'
  | 'internal';

const messages: Record<ApiErrorCode, LocalizedMessage> = {
  'bad-request': { ru: 'Некорректный запрос.', kk: 'Сұрау дұрыс емес.' },
  unauthorized: {
    ru: 'Требуется вход в систему: сеанс отсутствует или истёк.',
    kk: 'Жүйеге кіру қажет: сеанс жоқ немесе мерзімі өтті.',
  },
  'invalid-credentials': { ru: 'Неверный ИИН или пароль.', kk: 'ЖСН немесе құпиясөз қате.' },
  forbidden: { ru: 'Недостаточно прав для этого действия.', kk: 'Бұл әрекетке құқығыңыз жеткіліксіз.' },
  'not-found': { ru: 'Не найдено.', kk: 'Табылмады.' },
  'payload-too-large': { ru: 'Слишком большой запрос.', kk: 'Сұрау тым үлкен.' },
  'unsupported-media-type': {
    ru: 'Неподдерживаемый формат запроса: ожидается JSON.',
    kk: 'Сұрау пішімі қолдау көрсетілмейді: JSON күтіледі.',
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
};

const statusByCode: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'invalid-credentials': 401,
  forbidden: 403,
  'not-found': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  'database-unavailable': 503,
  internal: 500,
};

/** An error meant for the API caller; anything else is logged and answered as `internal`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly details: string | undefined;

  constructor(code: ApiErrorCode, details?: string) {
    super(messages[code].ru);
    this.code = code;
    this.statusCode = statusByCode[code];
    this.details = details;
  }
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: LocalizedMessage; details?: string };
}

/** The body sent for `code`; `details` is a technical hint that never contains a stack trace. */
export function apiErrorBody(code: ApiErrorCode, details?: string): ApiErrorBody {
  return { error: { code, message: messages[code], ...(details ? { details } : {}) } };
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
      },
    },
  },
} as const;
