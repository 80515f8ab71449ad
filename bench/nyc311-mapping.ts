/**
 * NYC 311 complaint types → our scenarios (data/taxonomy/scenarios.json), with the form
 * fields each scenario requires. Types with no counterpart in street-level city management
 * (tax refunds, housing subsidies, consumer complaints…) are left out and counted as skipped.
 */
export const COMPLAINT_TO_SCENARIO: Record<
  string,
  { code: string; attributes?: Record<string, string | string[]> }
> = {
  'Noise - Residential': { code: 'noise-nuisance', attributes: { source: 'neighbour' } },
  'Noise - Commercial': { code: 'noise-nuisance', attributes: { source: 'business' } },
  'Noise - Vehicle': { code: 'noise-nuisance', attributes: { source: 'equipment' } },
  'Noise - Street/Sidewalk': { code: 'noise-nuisance', attributes: { source: 'other' } },
  Noise: { code: 'noise-nuisance', attributes: { source: 'other' } },
  'Blocked Driveway': { code: 'illegal-parking' },
  'Illegal Parking': { code: 'illegal-parking' },
  'Derelict Vehicle': { code: 'abandoned-vehicle', attributes: { vehicle_kind: 'car' } },
  'Street Condition': { code: 'road-damaged', attributes: { lane: 'carriageway' } },
  'Highway Condition': { code: 'road-damaged', attributes: { lane: 'carriageway' } },
  'Sidewalk Condition': { code: 'road-damaged', attributes: { lane: 'pavement' } },
  'Curb Condition': { code: 'road-damaged', attributes: { lane: 'pavement' } },
  'Root/Sewer/Sidewalk Condition': { code: 'road-damaged', attributes: { lane: 'pavement' } },
  'Street Light Condition': { code: 'street-light-out' },
  'Street Sign - Dangling': { code: 'traffic-facility-damaged' },
  'Street Sign - Missing': { code: 'traffic-facility-damaged' },
  'Street Sign - Damaged': { code: 'traffic-facility-damaged' },
  'Broken Muni Meter': { code: 'traffic-facility-damaged' },
  'Broken Parking Meter': { code: 'traffic-facility-damaged' },
  'Traffic Signal Condition': { code: 'traffic-signal-fault' },
  'Overgrown Tree/Branches': { code: 'tree-pruning-needed' },
  'Damaged Tree': { code: 'greenery-damaged' },
  'Illegal Tree Damage': { code: 'greenery-damaged' },
  'Sanitation Condition': { code: 'street-unclean' },
  'Dirty Conditions': { code: 'street-unclean' },
  'Missed Collection (All Materials)': { code: 'garbage-overflow' },
  Vending: { code: 'illegal-street-vendor' },
  'Taxi Complaint': { code: 'illegal-taxi' },
  Sewer: { code: 'drain-blocked' },
  'Water System': { code: 'water-main-burst' },
  'Bike/Roller/Skate Chronic': {
    code: 'non-motor-violation',
    attributes: { violations: ['wrong_way'] },
  },
  'Elder Abuse': { code: 'elderly-living-alone-care', attributes: { concern: 'signs' } },
  'Non-Emergency Police Matter': { code: 'neighbour-dispute' },
  'Food Establishment': { code: 'unlicensed-business' },
  'Indoor Air Quality': { code: 'construction-dust' },
};

/** New York City's bounding box onto central Shanghai (both as [minLat, maxLat, minLng, maxLng]). */
const NYC = [40.49, 40.92, -74.26, -73.69] as const;
const SHANGHAI_CORE = [31.1, 31.36, 121.33, 121.62] as const;

export function nycToShanghai(lat: number, lng: number): { lat: number; lng: number } {
  const y = (lat - NYC[0]) / (NYC[1] - NYC[0]);
  const x = (lng - NYC[2]) / (NYC[3] - NYC[2]);
  return {
    lat: SHANGHAI_CORE[0] + y * (SHANGHAI_CORE[1] - SHANGHAI_CORE[0]),
    lng: SHANGHAI_CORE[2] + x * (SHANGHAI_CORE[3] - SHANGHAI_CORE[2]),
  };
}
