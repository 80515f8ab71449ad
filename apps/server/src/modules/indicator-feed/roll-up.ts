import type { FedOverTime, FedRollup } from '@cc/contracts';

/**
 * The arithmetic of fed indicators (decision 028), with no database: one area's figures in a
 * range give its own value by the indicator's rule over time; an area with no figure of its
 * own takes its children's values by the roll-up rule, down the tree to where figures are.
 */

/** One area's figures in a range, as the database sums them up. */
export interface RangeFigures {
  /** the newest figure and its time */
  latest: number;
  latestAt: number;
  sum: number;
  max: number;
  count: number;
}

export function overTime(rule: FedOverTime, f: RangeFigures): number {
  switch (rule) {
    case 'latest':
      return f.latest;
    case 'sum':
      return f.sum;
    case 'max':
      return f.max;
    case 'mean':
      return f.sum / f.count;
  }
}

/** A child's value, its newest figure's time, and its weight (residents) for a weighted mean. */
export interface ChildValue {
  value: number;
  at: number;
  weight: number;
}

/** The value of an area from its children's, by the roll-up rule; null with no child value. */
export function rollUp(rule: FedRollup, children: readonly ChildValue[]): ChildValue | null {
  if (children.length === 0) return null;
  const at = Math.max(...children.map((c) => c.at));
  const weight = children.reduce((s, c) => s + c.weight, 0);
  switch (rule) {
    case 'sum':
      return { value: children.reduce((s, c) => s + c.value, 0), at, weight };
    case 'max':
      return { value: Math.max(...children.map((c) => c.value)), at, weight };
    case 'latest': {
      const newest = children.reduce((a, b) => (b.at > a.at ? b : a));
      return { value: newest.value, at, weight };
    }
    case 'mean_population': {
      // children without known residents count equally when none has any
      const value =
        weight > 0
          ? children.reduce((s, c) => s + c.value * c.weight, 0) / weight
          : children.reduce((s, c) => s + c.value, 0) / children.length;
      return { value, at, weight };
    }
  }
}

/**
 * Every area's value from the figures of its subtree: `figures` by area path (the areas that
 * have figures of their own), `weight` the residents of a path. An area with a figure of its
 * own in the range keeps it; one without takes its children's by `rule`. Returns the values
 * of `paths` (an area and its children), null where nothing below has a figure.
 */
export function valuesFor(
  paths: readonly string[],
  figures: ReadonlyMap<string, RangeFigures>,
  rules: { overTime: FedOverTime; rollup: FedRollup },
  weight: (path: string) => number,
): Map<string, ChildValue | null> {
  // the fed paths below each asked-for path, grouped by the child they lie under
  const memo = new Map<string, ChildValue | null>();
  const fedPaths = [...figures.keys()];
  const valueAt = (path: string): ChildValue | null => {
    if (memo.has(path)) return memo.get(path)!;
    const own = figures.get(path);
    let v: ChildValue | null;
    if (own) {
      v = { value: overTime(rules.overTime, own), at: own.latestAt, weight: weight(path) };
    } else {
      const depth = path.split('/').length;
      const children = new Set<string>();
      for (const p of fedPaths) {
        if (p.startsWith(`${path}/`))
          children.add(
            p
              .split('/')
              .slice(0, depth + 1)
              .join('/'),
          );
      }
      const values = [...children].flatMap((c) => {
        const cv = valueAt(c);
        return cv ? [{ ...cv, weight: weight(c) }] : [];
      });
      v = rollUp(rules.rollup, values);
    }
    memo.set(path, v);
    return v;
  };
  return new Map(paths.map((p) => [p, valueAt(p)]));
}
