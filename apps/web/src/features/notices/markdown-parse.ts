/**
 * The safe Markdown subset of notices, parsed into a small tree that the renderer turns into
 * React elements (never HTML strings): paragraphs, headings, bullet and numbered lists,
 * **bold**, *italic*, and links whose address is http, https or mailto. Anything else —
 * `<script>`, raw HTML, `javascript:` links, images — stays what it was typed as: text.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'h'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] };

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The link's address if it is an absolute http, https or mailto URL; null for anything else. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  // no spaces or control characters inside (they hide schemes: "java\tscript:")
  // eslint-disable-next-line no-control-regex
  if (href.length === 0 || href.length > 2000 || /[\s\u0000-\u001f\u007f]/.test(href)) return null;
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function pushText(out: Inline[], v: string): void {
  if (!v) return;
  const last = out[out.length - 1];
  if (last?.t === 'text') last.v += v;
  else out.push({ t: 'text', v });
}

/** Inline marks of one line (or a joined paragraph); `inLink` forbids links inside links. */
export function parseInline(text: string, inLink = false, depth = 0): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (depth < 4 && text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        out.push({ t: 'strong', c: parseInline(text.slice(i + 2, end), inLink, depth + 1) });
        i = end + 2;
        continue;
      }
    }
    if (depth < 4 && ch === '*' && text[i + 1] !== '*' && text[i + 1] !== ' ') {
      const end = text.indexOf('*', i + 1);
      if (end > i + 1 && text[end - 1] !== ' ') {
        out.push({ t: 'em', c: parseInline(text.slice(i + 1, end), inLink, depth + 1) });
        i = end + 1;
        continue;
      }
    }
    if (!inLink && ch === '[') {
      const close = text.indexOf('](', i + 1);
      const paren = close > 0 ? text.indexOf(')', close + 2) : -1;
      if (close > i && paren > close && !text.slice(i + 1, close).includes('\n')) {
        const href = safeHref(text.slice(close + 2, paren));
        if (href) {
          out.push({ t: 'link', href, c: parseInline(text.slice(i + 1, close), true, depth + 1) });
          i = paren + 1;
          continue;
        }
      }
    }
    // plain text up to the next character that may start a mark
    let j = i + 1;
    while (j < text.length && !'*[\n'.includes(text[j]!)) j++;
    pushText(out, text.slice(i, j));
    i = j;
  }
  return out;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;

/** The blocks of a body; blank lines end paragraphs and lists. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { t: 'ul' | 'ol'; start: number; items: string[] } | null = null;
  const flushPara = () => {
    if (para.length > 0) blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
    para = [];
  };
  const flushList = () => {
    if (!list) return;
    const items = list.items.map((item) => parseInline(item));
    blocks.push(list.t === 'ul' ? { t: 'ul', items } : { t: 'ol', start: list.start, items });
    list = null;
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flushPara();
      flushList();
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flushPara();
      flushList();
      blocks.push({ t: 'h', level: h[1]!.length as 1, c: parseInline(h[2]!.trim()) });
      continue;
    }
    const b = BULLET.exec(line);
    const n = b ? null : NUMBERED.exec(line);
    if (b || n) {
      flushPara();
      const kind = b ? 'ul' : 'ol';
      if (list && list.t !== kind) flushList();
      list ??= { t: kind, start: n ? Number(n[1]) : 1, items: [] };
      list.items.push(b ? b[1]! : n![2]!);
      continue;
    }
    if (list) flushList();
    para.push(line);
  }
  flushPara();
  flushList();
  return blocks;
}
