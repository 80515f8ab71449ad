import { ELEVATOR_VOTE_STAGES, type ElevatorStage, type VoteRuleView } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { parseShare, type VoteSubjectType } from '../votes/index.js';
import { stageName } from './elevator-detail.js';

/**
 * The owners' vote about a project is a vote of the votes module with subject
 * { type: 'elevator', id }: it may be opened while the project is in consultation or the owners'
 * vote, over that staircase only; when its result is published the project records it (leaving
 * the owners' vote needs one that passed).
 */

export const VOTE_SUBJECT = 'elevator';

/**
 * Adding an elevator alters the building and its facilities: a major matter (民法典 art. 278,
 * 3/4). A preset decides an elevator when its `subjects` in data/votes/rules.json list
 * 'elevator' (frozen on the vote with the rule); a rule written out only when it is at least as
 * strict: both measures, consent ≥ 3/4, and participation ≥ 2/3 (implied when consent is
 * counted against all owners).
 */
export function ruleMayDecideElevator(rule: VoteRuleView): boolean {
  if (rule.code !== 'custom') return rule.subjects?.includes(VOTE_SUBJECT) ?? false;
  if (!rule.measures.includes('area') || !rule.measures.includes('count')) return false;
  if (!atLeastShare(rule.consent.share, 3n, 4n)) return false;
  if (rule.consent.basis === 'all') return true;
  return !!rule.participation && atLeastShare(rule.participation.share, 2n, 3n);
}

/** share ≥ n/d, exactly */
function atLeastShare(share: string, n: bigint, d: bigint): boolean {
  const s = parseShare(share, 'rule');
  return s.num * d >= n * s.den;
}

export const RULE_NOT_MAJOR =
  'rule: adding an elevator alters the building and its facilities, a major matter (Civil Code art. 278): pick the major-matter rule (civil_code_major) or the Shanghai elevator rule, or write a rule on both area and head count with consent of at least 3/4 and participation of at least 2/3 / 加装电梯属于改建建筑物及其附属设施的重大事项（民法典第二百七十八条），表决规则须为“重大事项”规则或上海加装电梯规则，自定义规则须同时按专有部分面积和人数计算，同意比例不低于四分之三，参与比例不低于三分之二';

export const elevatorVoteSubject: VoteSubjectType = {
  async mayPutToVote(db, subjectId, vote) {
    const p = await db
      .selectFrom('elevator_projects')
      .select(['committee_code', 'stage', 'building_id', 'building_name', 'unit'])
      .where('id', '=', subjectId)
      .executeTakeFirst();
    // another committee's project does not exist for this vote
    if (!p || p.committee_code !== vote.committeeCode) return null;
    const stage = p.stage as ElevatorStage;
    if (!ELEVATOR_VOTE_STAGES.includes(stage))
      return `subject: the elevator project is at ${stageName(stage)}; its owners' vote is held during the consultation or the owners' vote / 加装电梯项目已过业主表决阶段，不能再发起表决`;
    if (vote.electorateKind !== 'unit' || vote.buildingId !== p.building_id || vote.unit !== p.unit)
      return `electorate: an elevator project's owners' vote is over its own staircase, ${p.building_name} ${p.unit} (kind "unit") / 加装电梯表决范围须为本项目所在单元（${p.building_name} ${p.unit}）`;
    if (!ruleMayDecideElevator(vote.rule)) return RULE_NOT_MAJOR;
    return true;
  },
};

/**
 * A vote about a project was published: record it and its outcome on the project (the latest
 * published vote stands), while the project is still before or at the owners' vote.
 */
export async function recordVoteOutcome(
  trx: Kysely<DB>,
  v: { voteId: string; committeeCode: string; subjectId: string; passed: boolean },
): Promise<void> {
  const now = new Date();
  await trx
    .updateTable('elevator_projects')
    .set({
      vote_id: v.voteId,
      vote_passed: v.passed,
      vote_published_at: now,
      updated_at: now,
    })
    .where('id', '=', v.subjectId)
    .where('committee_code', '=', v.committeeCode)
    .where('stage', 'in', [...ELEVATOR_VOTE_STAGES])
    .execute();
}
