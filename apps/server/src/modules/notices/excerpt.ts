/**
 * The first characters of a notice's body as plain text: Markdown marks (headings, emphasis,
 * list bullets, link targets) removed, whitespace folded. The result is text, shown as text.
 */
export function plainExcerpt(body: string, max: number): string {
  const text = body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)/gm, '')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
