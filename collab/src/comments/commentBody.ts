/**
 * The rich-text body of a comment (SPEC.md [C11]–[C12]): a tiptap / ProseMirror JSON document
 * restricted to a small schema, so no peer can smuggle HTML, scripts or unbounded data into the
 * discussion of a budget document.
 *
 * ```
 * doc          content: block+                       (no attrs)
 * paragraph    content: inline*                      (no attrs)
 * bulletList   content: listItem+                    (no attrs)
 * orderedList  content: listItem+                    attrs?: { start: integer 1…9999 }
 * listItem     content: paragraph block*             (no attrs)
 * text         text: non-empty string, marks?: (bold | italic | link)[] each at most once
 * hardBreak    (no attrs, no content)
 * mention      attrs: { id: user uuid, label: 1…200 chars }
 * bold, italic (no attrs); link attrs: exactly { href } — `http://`, `https://` or `mailto:`
 * ```
 *
 * block = paragraph | bulletList | orderedList; inline = text | hardBreak | mention. Objects carry
 * exactly the keys above (`type`, `content`, `attrs`, `text`, `marks`), nothing else. Text never
 * contains NUL, other C0 controls except tab/newline/CR, or lone surrogates (PostgreSQL and the
 * projection would refuse them). There is no node that holds HTML: text is always text.
 */
import { isUuid } from '../DocumentName.ts';

/** A mark on a text node. */
export type CommentMark = { type: 'bold' } | { type: 'italic' } | { type: 'link'; attrs: { href: string } };

/** An inline node. */
export type CommentInline =
  | { type: 'text'; text: string; marks?: CommentMark[] }
  | { type: 'hardBreak' }
  | { type: 'mention'; attrs: { id: string; label: string } };

/** A list item: a paragraph, then further blocks (nested lists). */
export interface CommentListItem {
  type: 'listItem';
  content: [CommentParagraph, ...CommentBlock[]];
}

/** A paragraph of inline nodes (may be empty). */
export interface CommentParagraph {
  type: 'paragraph';
  content?: CommentInline[];
}

/** A block node. */
export type CommentBlock =
  | CommentParagraph
  | { type: 'bulletList'; content: CommentListItem[] }
  | { type: 'orderedList'; attrs?: { start: number }; content: CommentListItem[] };

/** The body of a comment message (tiptap `editor.getJSON()` after {@link normalizeCommentBody}). */
export interface CommentBody {
  type: 'doc';
  content: CommentBlock[];
}

/** Most characters of text (text nodes and mention labels) in one body. */
export const MAX_COMMENT_TEXT = 10_000;
/** Most nodes (of every type, marks not counted) in one body. */
export const MAX_COMMENT_NODES = 2_000;
/** Deepest nesting: doc → list → item → list → … ; 12 allows four levels of nested lists. */
export const MAX_COMMENT_DEPTH = 12;
/** Most mentions in one body. */
export const MAX_COMMENT_MENTIONS = 20;
/** Longest link target. */
export const MAX_LINK_LENGTH = 2_048;
/** Longest mention label. */
export const MAX_MENTION_LABEL = 200;

// Tab, LF and CR are allowed; other C0 controls, DEL and lone surrogates are not.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Lower-case scheme, then printable ASCII without spaces, quotes, angle brackets or backslashes. */
const SAFE_LINK = /^(?:https?:\/\/[A-Za-z0-9.-]|mailto:[^\s])[!#-&(-;=?-[\]-~]*$/;

class BodyProblem extends Error {}

function fail(message: string): never {
  throw new BodyProblem(message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function onlyKeys(node: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(node)) if (!allowed.includes(key)) fail(`${what}: unexpected key "${key}"`);
}

/** True for a link target the body may carry: `http(s)://host…` or `mailto:…`, printable ASCII, no quotes or brackets. */
export function isSafeLink(href: unknown): href is string {
  return typeof href === 'string' && href.length <= MAX_LINK_LENGTH && SAFE_LINK.test(href);
}

interface Budget {
  nodes: number;
  text: number;
  mentions: number;
}

/**
 * Checks a body against the schema and the limits ([C11]–[C12]); returns what is wrong, or `null`
 * for a valid body. A body must contain some text or a mention.
 */
export function checkCommentBody(body: unknown): string | null {
  try {
    const budget: Budget = { nodes: 0, text: 0, mentions: 0 };
    if (!isPlainObject(body) || body['type'] !== 'doc') fail('the body must be a doc node');
    checkBlockContainer(body, 'doc', 1, budget, 1);
    if (budget.text === 0 && budget.mentions === 0) fail('the body is empty');
    return null;
  } catch (error) {
    if (error instanceof BodyProblem) return error.message;
    return `unreadable body: ${String(error)}`;
  }
}

function countNode(budget: Budget, depth: number): void {
  budget.nodes += 1;
  if (budget.nodes > MAX_COMMENT_NODES) fail(`more than ${MAX_COMMENT_NODES} nodes`);
  if (depth > MAX_COMMENT_DEPTH) fail(`nested deeper than ${MAX_COMMENT_DEPTH}`);
}

/** doc, bulletList/orderedList children (listItem) and listItem children. */
function checkBlockContainer(node: Record<string, unknown>, type: 'doc', depth: number, budget: Budget, min: number): void {
  countNode(budget, depth);
  onlyKeys(node, ['type', 'content'], type);
  const content = node['content'];
  if (!Array.isArray(content) || content.length < min) fail(`${type} needs at least ${min} block`);
  for (const child of content) checkBlock(child, depth + 1, budget);
}

function checkBlock(node: unknown, depth: number, budget: Budget): void {
  if (!isPlainObject(node)) return fail('a block must be an object');
  const type = node['type'];
  switch (type) {
    case 'paragraph':
      return checkParagraph(node, depth, budget);
    case 'bulletList':
    case 'orderedList': {
      countNode(budget, depth);
      onlyKeys(node, type === 'orderedList' ? ['type', 'content', 'attrs'] : ['type', 'content'], type);
      if (type === 'orderedList' && 'attrs' in node) {
        const attrs = node['attrs'];
        if (!isPlainObject(attrs)) return fail('orderedList attrs must be an object');
        onlyKeys(attrs, ['start'], 'orderedList attrs');
        const start = attrs['start'];
        if (!Number.isInteger(start) || (start as number) < 1 || (start as number) > 9999) fail('orderedList start must be 1…9999');
      }
      const items = node['content'];
      if (!Array.isArray(items) || items.length === 0) return fail(`${type} needs at least one listItem`);
      for (const item of items) checkListItem(item, depth + 1, budget);
      return;
    }
    default:
      return fail(`node type ${JSON.stringify(type) ?? String(type)} is not allowed as a block`);
  }
}

function checkListItem(node: unknown, depth: number, budget: Budget): void {
  if (!isPlainObject(node) || node['type'] !== 'listItem') return fail('a list holds listItem nodes only');
  countNode(budget, depth);
  onlyKeys(node, ['type', 'content'], 'listItem');
  const content = node['content'];
  if (!Array.isArray(content) || content.length === 0) return fail('listItem needs a paragraph');
  const [first, ...rest] = content as unknown[];
  if (!isPlainObject(first) || first['type'] !== 'paragraph') return fail('listItem must start with a paragraph');
  checkParagraph(first, depth + 1, budget);
  for (const child of rest) checkBlock(child, depth + 1, budget);
}

function checkParagraph(node: Record<string, unknown>, depth: number, budget: Budget): void {
  countNode(budget, depth);
  onlyKeys(node, ['type', 'content'], 'paragraph');
  if (!('content' in node)) return;
  const content = node['content'];
  if (!Array.isArray(content)) return fail('paragraph content must be an array');
  for (const child of content) checkInline(child, depth + 1, budget);
}

function checkText(text: unknown, what: string, budget: Budget): string {
  if (typeof text !== 'string' || text.length === 0) return fail(`${what} must be a non-empty string`);
  if (FORBIDDEN_TEXT.test(text)) fail(`${what} contains control characters or lone surrogates`);
  budget.text += text.length;
  if (budget.text > MAX_COMMENT_TEXT) fail(`more than ${MAX_COMMENT_TEXT} characters of text`);
  return text;
}

function checkInline(node: unknown, depth: number, budget: Budget): void {
  if (!isPlainObject(node)) return fail('an inline node must be an object');
  countNode(budget, depth);
  switch (node['type']) {
    case 'text': {
      onlyKeys(node, ['type', 'text', 'marks'], 'text');
      checkText(node['text'], 'text', budget);
      if ('marks' in node) checkMarks(node['marks']);
      return;
    }
    case 'hardBreak':
      onlyKeys(node, ['type'], 'hardBreak');
      return;
    case 'mention': {
      onlyKeys(node, ['type', 'attrs'], 'mention');
      const attrs = node['attrs'];
      if (!isPlainObject(attrs)) return fail('mention needs attrs');
      onlyKeys(attrs, ['id', 'label'], 'mention attrs');
      if (typeof attrs['id'] !== 'string' || !isUuid(attrs['id'])) fail('mention id must be a user id (uuid)');
      const label = checkText(attrs['label'], 'mention label', budget);
      if (label.length > MAX_MENTION_LABEL) fail(`mention label longer than ${MAX_MENTION_LABEL}`);
      budget.mentions += 1;
      if (budget.mentions > MAX_COMMENT_MENTIONS) fail(`more than ${MAX_COMMENT_MENTIONS} mentions`);
      return;
    }
    default:
      return fail(`node type ${JSON.stringify(node['type']) ?? 'undefined'} is not allowed inline`);
  }
}

function checkMarks(marks: unknown): void {
  if (!Array.isArray(marks) || marks.length === 0) return fail('marks must be a non-empty array');
  const seen = new Set<string>();
  for (const mark of marks as unknown[]) {
    if (!isPlainObject(mark)) return fail('a mark must be an object');
    const type = mark['type'];
    if (type !== 'bold' && type !== 'italic' && type !== 'link') return fail(`mark ${JSON.stringify(type) ?? 'undefined'} is not allowed`);
    if (seen.has(type)) fail(`mark ${type} appears twice`);
    seen.add(type);
    if (type === 'link') {
      onlyKeys(mark, ['type', 'attrs'], 'link');
      const attrs = mark['attrs'];
      if (!isPlainObject(attrs)) return fail('link needs attrs');
      onlyKeys(attrs, ['href'], 'link attrs');
      if (!isSafeLink(attrs['href'])) fail('link href must be http://, https:// or mailto: (printable ASCII, no quotes)');
    } else {
      onlyKeys(mark, ['type'], type);
    }
  }
}

/** Type guard form of {@link checkCommentBody}. */
export function isCommentBody(body: unknown): body is CommentBody {
  return checkCommentBody(body) === null;
}

/** Visits every node of a valid body, depth first. */
function walk(body: CommentBody, visit: (node: CommentBlock | CommentListItem | CommentInline) => void): void {
  const stack: Array<CommentBlock | CommentListItem | CommentInline> = [...body.content].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as CommentBlock | CommentListItem | CommentInline;
    visit(node);
    if ('content' in node && Array.isArray(node.content)) {
      for (let i = node.content.length - 1; i >= 0; i -= 1) stack.push(node.content[i] as CommentBlock);
    }
  }
}

/** Ids of the users a valid body mentions, in order of first mention, without repeats. */
export function commentBodyMentions(body: CommentBody): string[] {
  const ids: string[] = [];
  walk(body, (node) => {
    if (node.type === 'mention' && !ids.includes(node.attrs.id)) ids.push(node.attrs.id);
  });
  return ids;
}

/**
 * Plain text of a valid body (search, notification excerpts): blocks on their own lines, list items
 * prefixed with "• " or their number, mentions as "@label", hard breaks as newlines.
 */
export function commentBodyText(body: CommentBody): string {
  const lines: string[] = [];
  const blockText = (block: CommentBlock, indent: string): void => {
    if (block.type === 'paragraph') {
      lines.push(indent + inlineText(block.content ?? []));
      return;
    }
    const start = block.type === 'orderedList' ? (block.attrs?.start ?? 1) : 1;
    block.content.forEach((item, index) => {
      const marker = block.type === 'orderedList' ? `${start + index}. ` : '• ';
      const [first, ...rest] = item.content;
      lines.push(indent + marker + inlineText(first.content ?? []));
      for (const child of rest) blockText(child, `${indent}  `);
    });
  };
  for (const block of body.content) blockText(block, '');
  return lines.join('\n').trim();
}

function inlineText(nodes: readonly CommentInline[]): string {
  return nodes
    .map((node) => (node.type === 'text' ? node.text : node.type === 'mention' ? `@${node.attrs.label}` : '\n'))
    .join('');
}

/** A body that is just the given plain text, one paragraph per line (server messages, tests). */
export function plainCommentBody(text: string): CommentBody {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => (line === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Renders a valid body as inert HTML (e-mail digests, exports, tests): every text and attribute is
 * escaped, the only elements are p, ul, ol, li, br, strong, em, a and span, links get
 * `rel="noopener noreferrer nofollow"`. Returns '' for an invalid body.
 */
export function renderCommentBodyHtml(body: unknown): string {
  if (!isCommentBody(body)) return '';
  const inline = (nodes: readonly CommentInline[]): string =>
    nodes
      .map((node) => {
        if (node.type === 'hardBreak') return '<br>';
        if (node.type === 'mention') return `<span class="mention" data-user-id="${escapeHtml(node.attrs.id)}">@${escapeHtml(node.attrs.label)}</span>`;
        let html = escapeHtml(node.text);
        for (const mark of node.marks ?? []) {
          if (mark.type === 'bold') html = `<strong>${html}</strong>`;
          else if (mark.type === 'italic') html = `<em>${html}</em>`;
          else html = `<a href="${escapeHtml(mark.attrs.href)}" rel="noopener noreferrer nofollow" target="_blank">${html}</a>`;
        }
        return html;
      })
      .join('');
  const block = (node: CommentBlock): string => {
    if (node.type === 'paragraph') return `<p>${inline(node.content ?? [])}</p>`;
    const tag = node.type === 'bulletList' ? 'ul' : 'ol';
    const start = node.type === 'orderedList' && node.attrs ? ` start="${node.attrs.start}"` : '';
    return `<${tag}${start}>${node.content.map((item) => `<li>${item.content.map(block).join('')}</li>`).join('')}</${tag}>`;
  };
  return body.content.map(block).join('');
}

/**
 * Turns tiptap's `editor.getJSON()` (StarterKit paragraph/lists/bold/italic/hardBreak, Link,
 * Mention) into the stored form: drops attributes tiptap adds with default or presentation values
 * (link `target`/`rel`/`class`, mention `mentionSuggestionChar`, orderedList `type` and `start: 1`,
 * null attrs), drops empty `marks`, then checks the result ({@link checkCommentBody}). Returns
 * `null` when the input has anything the schema does not allow (other nodes or marks such as
 * code, headings, images; unsafe links); the editor should then refuse to send.
 */
export function normalizeCommentBody(input: unknown): CommentBody | null {
  const normalized = normalizeNode(input, 0);
  return normalized !== undefined && isCommentBody(normalized) ? normalized : null;
}

function normalizeNode(node: unknown, depth: number): unknown {
  if (depth > MAX_COMMENT_DEPTH + 2 || !isPlainObject(node)) return undefined;
  const type = node['type'];
  const out: Record<string, unknown> = { type };
  if (type === 'text') {
    out['text'] = node['text'];
    const marks = Array.isArray(node['marks']) ? (node['marks'] as unknown[]).map(normalizeMark) : [];
    if (marks.length > 0) out['marks'] = marks;
    return out;
  }
  if (type === 'mention') {
    const attrs = isPlainObject(node['attrs']) ? node['attrs'] : {};
    out['attrs'] = { id: attrs['id'], label: attrs['label'] };
    return out;
  }
  if (type === 'orderedList' && isPlainObject(node['attrs'])) {
    const start = node['attrs']['start'];
    if (start !== undefined && start !== null && start !== 1) out['attrs'] = { start };
  } else if (isPlainObject(node['attrs'])) {
    // Paragraph/listItem attrs from other extensions (textAlign…) carry presentation only; any
    // non-null value means the editor allows more than the schema: refuse rather than drop it.
    if (Object.values(node['attrs']).some((v) => v !== null && v !== undefined)) out['attrs'] = node['attrs'];
  }
  if (Array.isArray(node['content'])) {
    const content = (node['content'] as unknown[]).map((child) => normalizeNode(child, depth + 1));
    if (content.length > 0 || type === 'doc') out['content'] = content;
  }
  return out;
}

function normalizeMark(mark: unknown): unknown {
  if (!isPlainObject(mark)) return mark;
  if (mark['type'] === 'link') {
    const attrs = isPlainObject(mark['attrs']) ? mark['attrs'] : {};
    return { type: 'link', attrs: { href: attrs['href'] } };
  }
  return { type: mark['type'] };
}
