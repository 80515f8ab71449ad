/** Why the phone gave no position. */
export type GeoProblem = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

export interface PhonePosition {
  lat: number;
  lng: number;
  /** metres, as the phone reports it */
  accuracy: number;
}

export class GeoError extends Error {
  readonly problem: GeoProblem;
  constructor(problem: GeoProblem) {
    super(problem);
    this.name = 'GeoError';
    this.problem = problem;
  }
}

/**
 * The phone's position once (navigator.geolocation: a secure page only), to 6 decimals; rejects
 * with a {@link GeoError} saying why not.
 */
export function currentPosition(): Promise<PhonePosition> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      reject(new GeoError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: Number(p.coords.latitude.toFixed(6)),
          lng: Number(p.coords.longitude.toFixed(6)),
          accuracy: Math.round(p.coords.accuracy),
        }),
      (e) =>
        reject(
          new GeoError(
            e.code === e.PERMISSION_DENIED
              ? 'denied'
              : e.code === e.TIMEOUT
                ? 'timeout'
                : 'unavailable',
          ),
        ),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}
