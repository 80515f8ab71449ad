import { Empty, Spin } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from './load-error';

const centred: CSSProperties = {
  position: 'absolute',
  inset: 0,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
};

interface Props {
  children: ReactNode;
  className?: string;
  /** Added to the centring style. */
  style?: CSSProperties;
}

/** Content centred over a map (its spinner, its empty note). */
export function MapOverlay({ children, className, style }: Props) {
  return (
    <div className={className} style={style ? { ...centred, ...style } : centred}>
      {children}
    </div>
  );
}

/** A failed boundary load, over the whole map, with a retry. */
function MapLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div style={{ position: 'absolute', inset: 0 }}>
      <LoadError error={error} onRetry={onRetry} isCompact />
    </div>
  );
}

/**
 * Over a boundary map: a spinner while the boundaries load, the failed load with a retry, or
 * the note that there is nothing to draw (`isEmpty`).
 */
export function MapStatus({
  isLoading,
  error,
  onRetry,
  isEmpty = false,
}: {
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  isEmpty?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {isLoading ? (
        <MapOverlay>
          <Spin description={t('areas.mapLoading')} />
        </MapOverlay>
      ) : null}
      {error ? <MapLoadError error={error} onRetry={onRetry} /> : null}
      {!error && isEmpty ? (
        <MapOverlay>
          <Empty description={t('areas.mapEmpty')} />
        </MapOverlay>
      ) : null}
    </>
  );
}
