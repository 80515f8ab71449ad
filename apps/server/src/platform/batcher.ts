/**
 * Group commit: requests that arrive while a write is in flight are written together by the
 * next one, so a flood of small writes costs a few transactions instead of one each.
 * A lone request is written at once (after the current turn of the event loop).
 *
 * `write` answers each item with its result or an Error for that item alone. If the whole
 * batch fails (a constraint, a deadlock), each item is written again on its own, so one bad
 * item never fails the others and every error reaches the request it belongs to.
 */
export type BatchWrite<I, O> = (items: I[]) => Promise<(O | Error)[]>;

interface Waiting<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class Batcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private active = 0;
  private scheduled = false;

  constructor(
    private readonly write: BatchWrite<I, O>,
    private readonly opts: {
      maxBatch: number;
      /** batches in flight at once */
      concurrency: number;
      /** while another batch is in flight, wait this long for more items before starting one */
      lingerMs: number;
    },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.pump();
    };
    // alone: go at once; behind a batch in flight: let the next one fill up a little
    if (this.active === 0 || this.queue.length >= this.opts.maxBatch) setImmediate(go);
    else setTimeout(go, this.opts.lingerMs);
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.active++;
      void this.run(batch).finally(() => {
        this.active--;
        this.schedule();
      });
    }
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      settle(batch, await this.write(batch.map((w) => w.item)));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      await Promise.all(
        batch.map((w) =>
          this.write([w.item]).then(
            (r) => settle([w], r),
            (err: unknown) => w.reject(err),
          ),
        ),
      );
    }
  }
}

function settle<I, O>(batch: Waiting<I, O>[], results: (O | Error)[]): void {
  batch.forEach((w, i) => {
    const r = results[i];
    if (r instanceof Error) w.reject(r);
    else if (r === undefined) w.reject(new Error('batch write gave no result for an item'));
    else w.resolve(r);
  });
}
