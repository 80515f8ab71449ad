import sharp from 'sharp';
import type { AppDeps, Ctx } from '../platform/context.js';
import { actOnRequest, fileRequest, supplementRequest } from '../modules/affairs/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { uploadAttachment } from '../modules/media/index.js';
import { residentHome } from '../modules/residents/index.js';
import { demoResidentUsernames } from './seed-residents.js';

/**
 * 办事 in the demo city: requests of 云南中路's verified demo residents in several states —
 * a 居住证明 completed with its certificate issued, one being handled, one waiting for the
 * resident's 补正, one refused, a new one, and a repair filed as a case. Made through the
 * module's own use cases (so every rule, text and audit row is as in real use). Skipped when
 * there are requests already, or no verified demo residents (demo/residents.json).
 */
export async function seedAffairs(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  if (await db.selectFrom('affair_requests').select('id').limit(1).executeTakeFirst()) return false;
  const residents: Ctx[] = [];
  for (const username of demoResidentUsernames()) {
    const actor = await loadActorByUsername(db, username).catch(() => null);
    if (actor && (await residentHome(db, actor.id))?.committeeCode === '310101002001') {
      residents.push({ ...deps, actor, ip: null });
    }
    if (residents.length === 3) break;
  }
  if (residents.length === 0) return false;
  const staff: Ctx = { ...deps, actor: await loadActorByUsername(db, 'yunnan'), ip: null };
  const [a, b = a, c = b] = residents as [Ctx, Ctx?, Ctx?];
  const scan = await sharp({
    create: { width: 600, height: 400, channels: 3, background: { r: 236, g: 236, b: 230 } },
  })
    .png()
    .toBuffer();
  const upload = async (ctx: Ctx, fileName: string) =>
    (await uploadAttachment(ctx, { fileName, bytes: scan })).id;

  // a 居住证明 completed: its certificate issued
  const done = await fileRequest(a, {
    service: 'residence-certificate',
    answers: { purpose: 'school', since: '2015-09-01' },
  });
  await actOnRequest(staff, done.id, { step: 'accept' });
  await actOnRequest(staff, done.id, { step: 'complete', note: '已核实居住情况' });
  // an elderly-care application, new in the queue
  await fileRequest(a, {
    service: 'elderly-care',
    answers: { elderName: '王秀英', age: 82, service: 'meals', livesAlone: 'yes' },
  });
  // a rental registration waiting for the resident's 补正
  const rental = await fileRequest(b, {
    service: 'rental-registration',
    answers: {
      address: '1号楼1单元302室',
      landlordName: '陈建国',
      tenantName: '刘洋',
      occupants: 2,
      startDate: '2026-03-01',
      endDate: '2027-02-28',
      monthlyRent: 6500,
    },
    attachments: {
      lease: [await upload(b, '租赁合同.png')],
      deed: [await upload(b, '产权证.png')],
      tenantId: [await upload(b, '承租人身份证.png')],
    },
  });
  await actOnRequest(staff, rental.id, {
    step: 'ask',
    message: '租赁合同缺少签字页，请补充上传。',
  });
  // a repair: a case at once
  await fileRequest(b, {
    service: 'repair',
    answers: {
      kind: 'corridor_light',
      place: '1号楼1单元3楼楼道',
      description: '楼道声控灯不亮一周了',
    },
  });
  // an only-child certificate refused; a second 居住证明 being handled after a 补正
  const refused = await fileRequest(c, {
    service: 'only-child-certificate',
    answers: { childName: '李明', childBirthDate: '1998-06-12', purpose: 'pension' },
    attachments: { hukou: [await upload(c, '户口簿.png')] },
  });
  await actOnRequest(staff, refused.id, {
    step: 'refuse',
    reason: '户籍不在本社区，请到户籍地居委会办理。',
  });
  const handled = await fileRequest(c, {
    service: 'residence-certificate',
    answers: { purpose: 'work' },
  });
  await actOnRequest(staff, handled.id, { step: 'ask', message: '请补充居住起始日期。' });
  await supplementRequest(c, handled.id, { message: '已补充', answers: { since: '2018-03-15' } });
  await actOnRequest(staff, handled.id, { step: 'accept' });
  return true;
}
