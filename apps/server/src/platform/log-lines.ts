/**
 * Pino's JSON lines made readable for a terminal (development): `11:42:03 WARN  message`, an
 * error's stack below it. Production keeps the JSON (a log collector reads it).
 */
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

export function readableLine(json: string): string {
  let entry: { level?: number; time?: number; msg?: string; err?: { stack?: string } };
  try {
    entry = JSON.parse(json) as typeof entry;
  } catch {
    return json.trimEnd();
  }
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[entry.level ?? 30] ?? String(entry.level);
  const stack = entry.err?.stack ? `\n${entry.err.stack}` : '';
  return `${time} ${level} ${entry.msg ?? ''}${stack}`;
}

export function readableLogStream(out: { write(text: string): unknown } = process.stdout): {
  write(line: string): void;
} {
  return { write: (line) => void out.write(`${readableLine(line)}\n`) };
}
