import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Area } from './areas.js';
import { CASE_STATUSES } from './cases.js';
import { DashboardQuery, IndicatorValue } from './dashboards.js';
import { StringEnum } from './errors.js';

/**
 * The operation centres' 2.0 boards (一网统管 2.0, issue 28, decision 028): typhoon and flood,
 * power outage repair. Each is data (data/boards/): the indicators it shows (the departments'
 * live feeds beside ours), the case scenarios it follows, the fixed points it watches (积水点),
 * and, for an outage, the committees affected with their elderly living alone — counts only.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const BoardSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
});
export type BoardSummary = Static<typeof BoardSummary>;

export const BoardList = Type.Object({ items: Type.Array(BoardSummary) });
export type BoardList = Static<typeof BoardList>;

export const BoardParams = Type.Object({
  board: Type.String({ pattern: '^[a-z0-9-]{2,40}$' }),
  code: Type.String({ minLength: 2, maxLength: 60 }),
});
export const BoardQuery = DashboardQuery;

export const OpsBoard = Type.Object({
  board: BoardSummary,
  area: Area,
  chain: Type.Array(Area),
  children: Type.Array(Area),
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  indicators: Type.Array(IndicatorValue),
  /** the indicator the map colours the children by, and its value in each child */
  lead: Type.Object({
    indicator: Type.String(),
    byChild: Type.Array(
      Type.Object({
        areaCode: Type.String(),
        value: Nullable(Type.Number()),
        display: Type.String(),
        state: Nullable(StringEnum(['green', 'amber', 'red'] as const)),
      }),
    ),
  }),
  cases: Type.Object({
    reported: Type.Integer({ description: 'in the range' }),
    open: Type.Integer({ description: 'now' }),
    byScenario: Type.Array(
      Type.Object({
        scenarioCode: Type.String(),
        name: Type.String(),
        nameEn: Type.String(),
        reported: Type.Integer(),
        open: Type.Integer(),
      }),
    ),
    /** the newest open cases of the board's scenarios, with their place */
    latest: Type.Array(
      Type.Object({
        id: Type.String(),
        scenarioCode: Type.String(),
        status: StringEnum(CASE_STATUSES),
        lat: Type.Number(),
        lng: Type.Number(),
      }),
    ),
  }),
  /** the fixed points the board watches (积水点), with their leader and open cases */
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      leaderName: Nullable(Type.String()),
      unitName: Type.String(),
    }),
  ),
  /** an outage's reach: committees with open cases of its scenario, and their elderly living alone */
  affected: Nullable(
    Type.Object({
      committees: Type.Array(
        Type.Object({
          area: Area,
          openCases: Type.Integer(),
          /** counts only; "<5" for fewer than five */
          elderlyAlone: Nullable(Type.Integer()),
          elderlyAloneDisplay: Type.String(),
        }),
      ),
      elderlyAloneTotal: Type.Integer(),
    }),
  ),
});
export type OpsBoard = Static<typeof OpsBoard>;
