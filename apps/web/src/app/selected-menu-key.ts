/** A menu entry as far as choosing the highlighted one goes: its key, and a group's entries. */
interface MenuEntry {
  key?: unknown;
  children?: readonly (MenuEntry | null | undefined)[];
}

/**
 * The menu item to highlight: the one whose key (a path) is the longest prefix of `pathname`
 * by whole segments, so /volunteers/activities/42 picks /volunteers/activities over
 * /volunteers; the home item `/` only on `/` itself. Undefined when no item leads there.
 */
export function selectedMenuKey(
  pathname: string,
  items: readonly (MenuEntry | null | undefined)[] | undefined,
): string | undefined {
  let best: string | undefined;
  const visit = (entries: readonly (MenuEntry | null | undefined)[] | undefined) => {
    for (const entry of entries ?? []) {
      if (!entry) continue;
      visit(entry.children);
      const key = typeof entry.key === 'string' ? entry.key : '';
      if (!key.startsWith('/')) continue;
      const isMatch =
        key === '/' ? pathname === '/' : pathname === key || pathname.startsWith(`${key}/`);
      if (isMatch && (best === undefined || key.length > best.length)) best = key;
    }
  };
  visit(items);
  return best;
}
