import type { ModerationList, ModerationQueue } from '@cc/contracts';
import { api } from '../../lib/api';

export const listModerationItems = (
  state: ModerationQueue,
  cursor: string | null,
  signal?: AbortSignal,
) => api.get<ModerationList>('/api/moderation/items', { state, cursor, limit: 20 }, signal);
