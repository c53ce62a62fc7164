/**
 * Wire protocol between the Hocuspocus server and clients (SPEC.md [P1]–[P7]).
 *
 * - The client connects to `ws://host/collab?protocol=<PROTOCOL_VERSION>`; the JWT is the provider's `token`.
 * - The server closes a connection with one of {@link CloseCode}; each has a ru/kk message.
 * - When an update is refused, the server sends the stateless message
 *   `{"type":"update-rejected","reason":<RejectionReason>,"message":{"ru":…,"kk":…}}`
 *   and does not apply the update.
 */

/** Bump on any incompatible change of the document layout or of these messages. */
export const PROTOCOL_VERSION = 1;

/** Name of the websocket URL query parameter carrying {@link PROTOCOL_VERSION}. */
export const PROTOCOL_QUERY_PARAM = 'protocol';

/** Websocket close codes used by the collaboration endpoint (4000–4999: application range). */
export const CloseCode = {
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  TooLarge: 4413,
  UpdateRejected: 4422,
  ProtocolMismatch: 4426,
  LoadFailed: 4503,
} as const;

/** One of the {@link CloseCode} values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Text in both interface languages. */
export interface LocalizedMessage {
  ru: string;
  kk: string;
}

const closeMessages: Record<CloseCode, LocalizedMessage> = {
  [CloseCode.Unauthorized]: {
    ru: 'Требуется вход в систему: сессия отсутствует или истекла.',
    kk: 'Жүйеге кіру қажет: сессия жоқ немесе мерзімі өтті.',
  },
  [CloseCode.Forbidden]: {
    ru: 'Нет доступа к этому документу.',
    kk: 'Бұл құжатқа рұқсат жоқ.',
  },
  [CloseCode.NotFound]: {
    ru: 'Документ не найден.',
    kk: 'Құжат табылмады.',
  },
  [CloseCode.TooLarge]: {
    ru: 'Изменение слишком большое и не может быть принято.',
    kk: 'Өзгеріс тым үлкен, оны қабылдау мүмкін емес.',
  },
  [CloseCode.UpdateRejected]: {
    ru: 'Изменение отклонено сервером: оно нарушает правила формы.',
    kk: 'Өзгерісті сервер қабылдамады: ол форма ережелерін бұзады.',
  },
  [CloseCode.ProtocolMismatch]: {
    ru: 'Версия приложения устарела. Обновите страницу.',
    kk: 'Қосымша нұсқасы ескірген. Бетті жаңартыңыз.',
  },
  [CloseCode.LoadFailed]: {
    ru: 'Не удалось загрузить документ. Повторите попытку позже.',
    kk: 'Құжатты жүктеу мүмкін болмады. Кейінірек қайталап көріңіз.',
  },
};

/** The user-facing text for a close code (shown by the client, logged by the server). */
export function closeCodeMessage(code: CloseCode): LocalizedMessage {
  return closeMessages[code];
}

/** True when `code` is one of {@link CloseCode} (e.g. on a client's `onClose`). */
export function isCloseCode(code: number): code is CloseCode {
  return Object.prototype.hasOwnProperty.call(closeMessages, code);
}

/** Why `validateUpdate` ([V1]–[V19]) or `validateDiscussionUpdate` ([C7]–[C13]) refused an update. */
export type RejectionReason =
  | 'malformed'
  | 'too-large'
  | 'unresolvable'
  | 'unknown-root'
  | 'unsupported-structure'
  | 'meta-readonly'
  | 'invalid-key'
  | 'unknown-sheet'
  | 'unknown-template'
  | 'sheet-immutable'
  | 'unknown-row'
  | 'rows-fixed'
  | 'invalid-order'
  | 'unknown-column'
  | 'calculated-cell'
  | 'invalid-value'
  // Discussion docs (SPEC.md [C7]–[C13]).
  | 'comment-forbidden'
  | 'not-author'
  | 'unknown-thread'
  | 'comment-immutable'
  | 'message-deleted'
  | 'invalid-body'
  | 'invalid-timestamp';

const rejectionMessages: Record<RejectionReason, LocalizedMessage> = {
  malformed: {
    ru: 'Изменение повреждено и не может быть прочитано.',
    kk: 'Өзгеріс бүлінген, оны оқу мүмкін емес.',
  },
  'too-large': {
    ru: 'Изменение слишком большое.',
    kk: 'Өзгеріс тым үлкен.',
  },
  unresolvable: {
    ru: 'Изменение опирается на данные, которых нет на сервере. Обновите страницу.',
    kk: 'Өзгеріс серверде жоқ деректерге сүйенеді. Бетті жаңартыңыз.',
  },
  'unknown-root': {
    ru: 'Изменение затрагивает неизвестную часть документа.',
    kk: 'Өзгеріс құжаттың белгісіз бөлігіне қатысты.',
  },
  'unsupported-structure': {
    ru: 'Изменение имеет недопустимую структуру.',
    kk: 'Өзгерістің құрылымы жарамсыз.',
  },
  'meta-readonly': {
    ru: 'Служебные данные документа может менять только сервер.',
    kk: 'Құжаттың қызметтік деректерін тек сервер өзгерте алады.',
  },
  'invalid-key': {
    ru: 'Недопустимый идентификатор листа, строки или ячейки.',
    kk: 'Парақтың, жолдың немесе ұяшықтың идентификаторы жарамсыз.',
  },
  'unknown-sheet': {
    ru: 'Лист не найден в документе.',
    kk: 'Парақ құжатта табылмады.',
  },
  'unknown-template': {
    ru: 'Шаблон формы не найден.',
    kk: 'Форма үлгісі табылмады.',
  },
  'sheet-immutable': {
    ru: 'Лист нельзя удалить или заменить.',
    kk: 'Парақты жоюға немесе ауыстыруға болмайды.',
  },
  'unknown-row': {
    ru: 'Строка не найдена.',
    kk: 'Жол табылмады.',
  },
  'rows-fixed': {
    ru: 'В этой форме нельзя добавлять, удалять или перемещать строки.',
    kk: 'Бұл формада жолдарды қосуға, жоюға немесе жылжытуға болмайды.',
  },
  'invalid-order': {
    ru: 'Недопустимый порядок строки.',
    kk: 'Жолдың реті жарамсыз.',
  },
  'unknown-column': {
    ru: 'Графа не найдена в форме.',
    kk: 'Баған формада табылмады.',
  },
  'calculated-cell': {
    ru: 'Ячейка вычисляется автоматически и не редактируется.',
    kk: 'Ұяшық автоматты түрде есептеледі, оны өңдеуге болмайды.',
  },
  'invalid-value': {
    ru: 'Значение не соответствует типу графы.',
    kk: 'Мән баған түріне сәйкес келмейді.',
  },
  'comment-forbidden': {
    ru: 'У вас нет права оставлять замечания к этому документу.',
    kk: 'Сізде бұл құжатқа ескерту қалдыру құқығы жоқ.',
  },
  'not-author': {
    ru: 'Изменять или удалять можно только свои сообщения.',
    kk: 'Тек өз хабарламаларыңызды өзгертуге немесе жоюға болады.',
  },
  'unknown-thread': {
    ru: 'Обсуждение или сообщение не найдено.',
    kk: 'Талқылау немесе хабарлама табылмады.',
  },
  'comment-immutable': {
    ru: 'Эту часть обсуждения изменить нельзя.',
    kk: 'Талқылаудың бұл бөлігін өзгертуге болмайды.',
  },
  'message-deleted': {
    ru: 'Сообщение удалено и не может быть изменено.',
    kk: 'Хабарлама жойылған, оны өзгертуге болмайды.',
  },
  'invalid-body': {
    ru: 'Текст замечания содержит недопустимое оформление, ссылку или слишком велик.',
    kk: 'Ескерту мәтінінде жарамсыз пішім, сілтеме бар немесе ол тым үлкен.',
  },
  'invalid-timestamp': {
    ru: 'Неверное время сообщения: проверьте часы на компьютере.',
    kk: 'Хабарлама уақыты дұрыс емес: компьютердегі сағатты тексеріңіз.',
  },
};

/** Every {@link RejectionReason}, in a stable order. */
export const REJECTION_REASONS: readonly RejectionReason[] = Object.keys(rejectionMessages) as RejectionReason[];

/** True when `value` is a {@link RejectionReason}. */
export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(rejectionMessages, value);
}

/** The user-facing text for a rejection reason. */
export function rejectionMessage(reason: RejectionReason): LocalizedMessage {
  return rejectionMessages[reason];
}

/** Stateless message the server sends to the author of a refused update ([P5]). */
export interface UpdateRejectedMessage {
  type: 'update-rejected';
  reason: RejectionReason;
  message: LocalizedMessage;
}

/** Builds the message for a reason with its standard ru/kk text. */
export function updateRejectedMessage(reason: RejectionReason): UpdateRejectedMessage {
  return { type: 'update-rejected', reason, message: { ...rejectionMessage(reason) } };
}

/** Serializes for Hocuspocus `sendStateless` (a string payload); keys in a fixed order. */
export function encodeUpdateRejected(message: UpdateRejectedMessage): string {
  if (!isRejectionReason(message.reason)) throw new Error(`Unknown rejection reason: ${String(message.reason)}`);
  return JSON.stringify({
    type: 'update-rejected',
    reason: message.reason,
    message: { ru: message.message.ru, kk: message.message.kk },
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

/**
 * Parses a stateless payload; `null` unless it is exactly an update-rejected message ([P6]):
 * other stateless messages share the channel, so anything else is simply "not ours".
 */
export function decodeUpdateRejected(payload: string): UpdateRejectedMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isPlainObject(parsed) || !hasExactKeys(parsed, ['type', 'reason', 'message'])) return null;
  if (parsed['type'] !== 'update-rejected' || !isRejectionReason(parsed['reason'])) return null;
  const message = parsed['message'];
  if (!isPlainObject(message) || !hasExactKeys(message, ['ru', 'kk'])) return null;
  const { ru, kk } = message;
  if (typeof ru !== 'string' || typeof kk !== 'string') return null;
  return { type: 'update-rejected', reason: parsed['reason'], message: { ru, kk } };
}
