/**
 * One elevator project of the demo city carried from the owners' vote to "in service": a short
 * owners' vote about it (subject 'elevator', civil_code_major) whose owners — generated people
 * without accounts — hand in signed paper ballots (书面表决, entered by staff with a photo of
 * the sheet), published at its close so that its result page is there on the first start;
 * then the stages after the vote, one at a time. Through the votes, media and elevators
 * modules' use cases only.
 */
import sharp from 'sharp';
import type { Ctx } from '../platform/context.js';
import { advanceProject } from '../modules/elevators/index.js';
import { uploadAttachment } from '../modules/media/index.js';
import { electorateRooms } from '../modules/registry/index.js';
import {
  createVote,
  enterPaperBallot,
  groupOwners,
  openVote,
  publishVote,
} from '../modules/votes/index.js';

/** The demo vote is open for an hour; once its sheets are in, the demo closes it at once. */
const OPEN_MS = 3_600_000;

const AFTER_VOTE = [
  ['design_notice', '设计方案已在楼道公示十日，无异议。'],
  ['approval', '规划和建设审批已通过。'],
  ['construction', '施工单位进场，工期约三个月。'],
  ['acceptance', '已通过竣工验收和特种设备检验。'],
  ['in_service', '电梯投入使用，物业负责日常维保。'],
] as const;

/**
 * The vote, its ballots (every head agrees but one who disagrees and one who does not vote,
 * when there are eight or more), the result, and the stages after it. Returns whether the
 * project reached "in service"; a vote that did not pass leaves the project at the owners' vote.
 */
export async function carryThroughVote(
  staff: Ctx,
  projectId: string,
  stair: { buildingId: string; buildingName: string; unit: string; compoundName: string },
): Promise<boolean> {
  const rooms = await electorateRooms(staff.db, {
    kind: 'unit',
    buildingId: stair.buildingId,
    unit: stair.unit,
  });
  const { groups, problems } = groupOwners(rooms);
  if (problems.length > 0 || groups.length === 0) return false;
  const now = Date.now();
  const draft = await createVote(staff, {
    title: `${stair.compoundName}${stair.buildingName}${stair.unit}加装电梯业主表决`,
    body: '本单元拟加装电梯。设计方案、费用分摊办法见楼道公告栏。请各位业主表决是否同意加装。',
    electorate: { kind: 'unit', buildingId: stair.buildingId, unit: stair.unit },
    rule: { preset: 'civil_code_major' },
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + OPEN_MS).toISOString(),
    allowChange: false,
    subject: { type: 'elevator', id: projectId },
  });
  await openVote(staff, draft.id);

  const sheet = await sharp({
    create: { width: 200, height: 280, channels: 3, background: { r: 250, g: 250, b: 245 } },
  })
    .png()
    .toBuffer();
  const many = groups.length >= 8;
  for (const [i, g] of groups.entries()) {
    if (many && i === groups.length - 1) break; // one head does not vote
    const choice = many && i === groups.length - 2 ? 'disagree' : 'agree';
    const photo = await uploadAttachment(staff, { fileName: `表决票-${i + 1}.png`, bytes: sheet });
    await enterPaperBallot(staff, draft.id, {
      roomId: g.roomIds[0]!,
      choice,
      attachmentId: photo.id,
    });
  }
  // the demo's history: the vote ended now (demo/ may set any table; no one waits for a close)
  await staff.db
    .updateTable('votes')
    .set({ closes_at: new Date() })
    .where('id', '=', draft.id)
    .execute();
  const published = await publishVote(staff, draft.id);
  if (!published.passed) return false;
  for (const [to, note] of AFTER_VOTE) await advanceProject(staff, projectId, { to, note });
  return true;
}
