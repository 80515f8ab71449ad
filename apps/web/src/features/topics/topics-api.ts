import type { FigureImportResult, TopicBoard, TopicList } from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';
import type { DashboardRange } from '../dashboards';

const base = (topic: string) => `/api/topics/${encodeURIComponent(topic)}`;

/** The topic boards (专题) there are. */
export const getTopics = (signal?: AbortSignal) =>
  api.get<TopicList>('/api/topics', undefined, signal);

/** One topic's board for an area: its metrics, each child's, the daily trend, its cases. */
export const getTopicBoard = (
  topic: string,
  code: string,
  range: DashboardRange,
  signal?: AbortSignal,
) =>
  api.get<TopicBoard>(
    `${base(topic)}/${encodeURIComponent(code)}`,
    { from: range.from, to: range.to },
    signal,
  );

/**
 * Daily figures as the CSV text of a file (data/topics/README.md): all rows or none. A bad
 * file is a 400 whose body lists every bad row in `rows`.
 */
export const importFigures = (topic: string, csv: string) =>
  apiRequest<FigureImportResult>(`${base(topic)}/figures`, {
    method: 'POST',
    rawBody: { text: csv, contentType: 'text/csv; charset=utf-8' },
  });

/** A region as the declarations module lists it (GET /api/regions). */
export interface RegionItem {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
}

/** The countries (no `parent`) or the regions below one (`CN`: the provinces). */
export const getRegions = (parent: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: RegionItem[] }>('/api/regions', { parent }, signal);
