import type { CSSProperties, ReactNode } from 'react';
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
export function MapLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div style={{ position: 'absolute', inset: 0 }}>
      <LoadError error={error} onRetry={onRetry} isCompact />
    </div>
  );
}
