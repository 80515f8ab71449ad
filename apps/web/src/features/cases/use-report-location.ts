import { useCallback, useEffect, useRef, useState } from 'react';
import type { LatLng } from './case-map';

export type GeoStatus = 'locating' | 'located' | 'denied' | 'unavailable' | 'given';

function pointFromQuery(params: URLSearchParams): LatLng | undefined {
  const lat = Number(params.get('lat'));
  const lng = Number(params.get('lng'));
  if (!params.get('lat') || !params.get('lng')) return undefined;
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return undefined;
  return { lat, lng };
}

const canLocate = () => 'geolocation' in navigator && window.isSecureContext;

/**
 * Where the problem is: the phone's position (asked once on arrival), or a point given in
 * the link (`?lat=&lng=`, e.g. a QR code at a fixed point, or a browser without location);
 * either can then be moved on the map.
 */
export function useReportLocation(params: URLSearchParams) {
  // the link's point as it was on arrival
  const [given] = useState(() => pointFromQuery(params));
  const [point, setPoint] = useState<LatLng | undefined>(given);
  // without a point in the link, the phone is asked at once (below)
  const [status, setStatus] = useState<GeoStatus>(() =>
    given ? 'given' : canLocate() ? 'locating' : 'unavailable',
  );
  const [accuracy, setAccuracy] = useState<number | undefined>(undefined);
  const isMounted = useRef(true);

  /** Asks the phone where it is; the answer comes back later. */
  const ask = useCallback(() => {
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (!isMounted.current) return;
        setPoint({
          lat: Number(position.coords.latitude.toFixed(6)),
          lng: Number(position.coords.longitude.toFixed(6)),
        });
        setAccuracy(Math.round(position.coords.accuracy));
        setStatus('located');
      },
      (error) => {
        if (!isMounted.current) return;
        setStatus(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, []);

  /** 定位 again, by hand. */
  const locate = useCallback(() => {
    if (!canLocate()) {
      setStatus('unavailable');
      return;
    }
    setStatus('locating');
    ask();
  }, [ask]);

  useEffect(() => {
    isMounted.current = true;
    // A point in the link wins: it was chosen on purpose. Otherwise ask the phone.
    if (!given && canLocate()) ask();
    return () => {
      isMounted.current = false;
    };
  }, [given, ask]);

  /** Moved by hand on the map. */
  const move = useCallback((next: LatLng) => {
    setPoint(next);
    setAccuracy(undefined);
  }, []);

  return { point, status, accuracy, locate, move };
}
