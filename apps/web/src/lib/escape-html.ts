/**
 * Text from data (names of areas, buildings, points, scenarios, metrics, statuses, anything a
 * user typed) put into HTML that ECharts shows as it is: tooltip formatters return HTML, so
 * every such value goes through here first (issue 18, item 10). Labels drawn on the canvas are
 * plain text and need none of this.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * The value as text that HTML shows as written, safe in element content and in a quoted
 * attribute; null and undefined are empty.
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** Lines of plain text as one tooltip's HTML: each line escaped, a line break between them. */
export function htmlLines(lines: readonly unknown[]): string {
  return lines.map(escapeHtml).join('<br/>');
}
