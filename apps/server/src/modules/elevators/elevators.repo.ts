import type { ElevatorStage, ElevatorSummary } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { ELEVATOR_NOT_FOUND } from './elevators.policy.js';

/** Queries the use-case files share: a project row (dates as text), its stages. */

const day = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

const PROJECT_COLUMNS = [
  'id',
  'committee_code',
  'street_code',
  'district_code',
  'area_path',
  'building_id',
  'building_name',
  'unit',
  'lng',
  'lat',
  'title',
  'stage',
  'target_year',
  'vote_id',
  'vote_passed',
  'vote_published_at',
  'cost_preset',
  'cost_total_fen',
  'cost_floors',
  'cost_set_at',
  'created_by',
  'created_at',
  'updated_at',
] as const;

function projectQuery(db: Kysely<DB>) {
  return db
    .selectFrom('elevator_projects')
    .select(PROJECT_COLUMNS)
    .select(day('in_service_on').as('in_service_on'));
}

export type ProjectRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof projectQuery>['executeTakeFirst']>>
> & { stage: ElevatorStage };

export async function findProject(db: Kysely<DB>, id: string): Promise<ProjectRow | null> {
  const row = await projectQuery(db).where('id', '=', id).executeTakeFirst();
  return (row as ProjectRow | undefined) ?? null;
}

/** The project under a row lock (inside a transaction), or 404. */
export async function lockProject(trx: Kysely<DB>, id: string): Promise<ProjectRow> {
  const row = await projectQuery(trx).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  return row as ProjectRow;
}

/** Projects by a query the caller narrows (lists). */
export const projectsQuery = projectQuery;

export async function stageRows(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('elevator_stages')
    .select(['id', 'stage', 'position', 'note', 'entered_at'])
    .select([day('planned_on').as('planned_on'), day('actual_on').as('actual_on')])
    .where('project_id', '=', projectId)
    .orderBy('position')
    .execute();
}

export function toSummary(p: ProjectRow, committeeName: string): ElevatorSummary {
  return {
    id: p.id,
    title: p.title,
    committeeCode: p.committee_code,
    committeeName,
    streetCode: p.street_code,
    compoundCode: p.area_path.split('/').pop() ?? '',
    buildingId: p.building_id,
    buildingName: p.building_name,
    unit: p.unit,
    stage: p.stage,
    targetYear: p.target_year,
    voteId: p.vote_id,
    votePassed: p.vote_passed,
    inServiceOn: p.in_service_on,
    lng: p.lng,
    lat: p.lat,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}
