/**
 * What a start is doing, step by step: `npm start` prints a line per step (the first start
 * loads Shanghai's area tree and the demo city for a minute or so, and would otherwise look
 * hung). Tests and tools pass nothing and hear nothing.
 */
export interface StartStep {
  /** the step in Chinese, then in English */
  zh: string;
  en: string;
  /** how far, when the step is one of several (the demo city's parts) */
  done?: number;
  total?: number;
}

export type StartProgress = (step: StartStep) => void;

export const SILENT: StartProgress = () => {};

/**
 * Progress printed to stdout with the seconds since `started`, one line a step:
 * `[  12.3 s] 演示城市 3/16 · 居民 … / Demo city 3/16: residents …`
 */
export function printedProgress(
  started: number,
  print: (line: string) => void = (line) => console.log(line),
): StartProgress {
  return (step) => {
    const s = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    const of = step.total ? ` ${step.done ?? 0}/${step.total}` : '';
    print(`[${s} s] ${step.zh}${of ? ` ${of.trim()}` : ''} … / ${step.en}${of} …`);
  };
}
