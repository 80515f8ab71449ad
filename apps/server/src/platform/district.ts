/** Pure path arithmetic (the registry's sealing worker bundles it): no imports. */

/**
 * The district of an area path: its second code (`310000/310101/…` → `310101`), the
 * distribution key of the large tables (decision 030). A row of the city itself has no district
 * and is keyed by the city's own code, so the city's rollup rows make one key of their own.
 */
export function districtOf(areaPath: string): string {
  const parts = areaPath.split('/');
  return parts[1] ?? parts[0]!;
}

/**
 * The districts that hold everything under `paths` (scope roots); null when one of them is
 * the city: a city-wide scope reads every district (decision 030).
 */
export function districtsUnder(paths: readonly string[]): string[] | null {
  if (paths.some((p) => !p.includes('/'))) return null;
  return [...new Set(paths.map(districtOf))].sort();
}
