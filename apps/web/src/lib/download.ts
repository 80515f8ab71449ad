/** Saves a file the page built or fetched (CSV, PNG) under `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(url, fileName);
  // The click has started the download by the time this runs; the URL is no longer needed.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves what a URL points to (an object URL, a `data:` URL) under `fileName`. */
export function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Characters Windows and macOS refuse in a file name (`/ \ : * ? " < > |`). */
const UNSAFE_IN_NAMES = /[/\\:*?"<>|]+/g;

/** A file name without characters a file system refuses, nor control characters. */
export function safeFileName(name: string): string {
  const printable = [...name].filter((c) => c >= ' ').join('');
  return printable.replace(UNSAFE_IN_NAMES, '-').trim() || 'export';
}
