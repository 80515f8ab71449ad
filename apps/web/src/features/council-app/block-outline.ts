import type { BlockBoundary } from '@cc/contracts';
import type { PinMapBoundary } from '../../components/pin-map';
import { useRequest } from '../../lib/api';
import { councilsApi } from '../councils';

/** Blocks' polygons as the outline a pin map draws (and the only place a click may pick). */
export function outlineOf(boundaries: readonly BlockBoundary[]): PinMapBoundary {
  return {
    type: 'FeatureCollection',
    features: boundaries.map((b) => ({
      type: 'Feature' as const,
      properties: null,
      geometry: { type: 'Polygon' as const, coordinates: b.coordinates },
    })),
  };
}

/**
 * A block's outline, read from the public map (which anyone may read: a member's
 * representative need not be able to read the block itself).
 */
export function useBlockOutline(blockId: string | undefined) {
  return useRequest(
    async (signal) => {
      const map = await councilsApi.getPublicMap({ block: blockId }, signal);
      return outlineOf(map.blocks.filter((b) => b.id === blockId).map((b) => b.boundary));
    },
    [blockId],
    !!blockId,
  );
}
