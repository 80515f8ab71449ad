import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maskName, VOLUNTEER_TOPIC } from '@cc/contracts';
import { sql } from 'kysely';
import {
  DATABASES,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  COMMITTEE,
  joinedVolunteer,
  OTHER_COMMITTEE,
  type JoinedVolunteer,
} from '../../testing-volunteers.js';

/**
 * Volunteers put on duty from a case or a board (issue 23), through HTTP on a real database:
 * the 12345 hotline sends volunteers of 云南中路 from a case, they answer on their phones, the
 * case's timeline shows who went and when; the committee's staff reach only their own
 * committee's volunteers (龙泉园路's are out of their area).
 */
const HOTLINE_NAME = '12345热线受理员 何静';

interface Volunteer extends JoinedVolunteer {
  /** their name as they see it themselves */
  ownName: string;
  /** their name as case readers see it (张*) */
  masked: string;
}

interface TimelineStep {
  action: string;
  actorName: string | null;
  note: string | null;
  at: string;
  fromStatus: string | null;
  toStatus: string | null;
}

for (const kind of DATABASES) {
  describe(`volunteer tasks from a case (${kind})`, () => {
    let tp: TestPlatform;
    let hotline: Client;
    let street: Client;
    let yunnan: Client;
    let a: Volunteer;
    let b: Volunteer;
    let far: Volunteer;
    let caseId: string;
    let caseNumber: string;

    /** A verified resident of `committee` who joins as a volunteer (PUT /api/volunteers/me). */
    async function volunteer(committee: string): Promise<Volunteer> {
      const v = await joinedVolunteer(tp, {
        committee,
        skills: ['first_aid'],
        availability: [{ day: 1, period: 'morning' }],
      });
      return { ...v, ownName: v.profile.name, masked: maskName(v.profile.name) };
    }

    const timeline = async (): Promise<TimelineStep[]> => {
      const c = await hotline.get(`/api/cases/${caseId}`);
      assert.equal(c.status, 200, JSON.stringify(c.body));
      return c.body.timeline;
    };
    const db = () => tp.platform.database.db;
    const onDuty = async (): Promise<number> => {
      const r = await db()
        .selectFrom('topic_feed_figures')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('value'), eb.lit(0)).as('n'))
        .where('topic', '=', VOLUNTEER_TOPIC)
        .where('metric', '=', 'on_duty')
        .where('area_path', 'like', `%/${COMMITTEE}`)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [hotline, street, yunnan] = await Promise.all([
        tp.login('hotline'),
        tp.login('nanjingdong'),
        tp.login('yunnan'),
      ]);
      a = await volunteer(COMMITTEE);
      b = await volunteer(COMMITTEE);
      far = await volunteer(OTHER_COMMITTEE);
      // 12345 takes a call: an elderly resident living alone needs help
      const filed = await hotline.post('/api/cases', {
        scenarioCode: 'fire-exit-blocked',
        description: '独居老人家门口楼道被杂物堵住，需要帮忙清理',
        attributes: { exit_location: '3号楼楼道', blocked_by: 'goods' },
        ...(await tp.centreOf(COMMITTEE)),
        address: '云南中路 3 号楼',
        contact: { name: '王阿婆', phone: '13912345678' },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      caseId = filed.body.id;
      caseNumber = filed.body.number;
    });
    after(() => tp.close());

    it('when the hotline sends two volunteers from a case, then each is told, answers on their phone, and the timeline shows who went and when', async () => {
      const before = await timeline();
      const caseStatus = (await hotline.get(`/api/cases/${caseId}`)).body.status;
      const sent = await hotline.post('/api/volunteer-tasks', {
        caseId,
        title: '帮独居老人清理楼道',
        note: '请带手套',
        volunteerIds: [a.volunteerId, b.volunteerId],
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.items.length, 2);
      const [taskA, taskB] = sent.body.items;
      assert.equal(taskA.volunteer.id, a.volunteerId);
      assert.equal(taskA.volunteer.name, a.masked, 'the dispatcher sees the name masked');
      assert.equal(taskA.status, 'sent');
      assert.equal(taskA.caseNumber, caseNumber);
      assert.equal(taskA.place, '云南中路 3 号楼', "the case's address is the task's place");
      assert.equal(taskA.sentBy, HOTLINE_NAME);

      // the same volunteer twice on the case while the first task is open: refused
      const again = await hotline.post('/api/volunteer-tasks', {
        caseId,
        title: '再派一次',
        volunteerIds: [a.volunteerId],
      });
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.field, 'volunteerIds.0');

      // each sees their own task only, their own name in clear, and was told in the app
      const mineA = await a.client.get('/api/volunteer-tasks/mine');
      assert.equal(mineA.status, 200, JSON.stringify(mineA.body));
      assert.deepEqual(
        mineA.body.items.map((t: { id: string }) => t.id),
        [taskA.id],
      );
      assert.equal(mineA.body.items[0].volunteer.name, a.ownName);
      // one task by its id: its volunteer (name in clear) and the dispatcher (masked) read it;
      // another volunteer, or a resident who is none, is told nothing
      const oneA = await a.client.get(`/api/volunteer-tasks/${taskA.id}`);
      assert.equal(oneA.status, 200, JSON.stringify(oneA.body));
      assert.deepEqual(oneA.body, mineA.body.items[0]);
      const oneByHotline = await hotline.get(`/api/volunteer-tasks/${taskA.id}`);
      assert.equal(oneByHotline.status, 200, JSON.stringify(oneByHotline.body));
      assert.equal(oneByHotline.body.volunteer.name, a.masked);
      assert.equal((await b.client.get(`/api/volunteer-tasks/${taskA.id}`)).status, 404);
      const resident = await verifiedResident(tp, { committee: COMMITTEE });
      assert.equal((await resident.client.get(`/api/volunteer-tasks/${taskA.id}`)).status, 404);
      const notices = await a.client.get('/api/notices');
      assert.ok(
        notices.body.items.some((n: { body: string }) => n.body.includes('帮独居老人清理楼道')),
        JSON.stringify(notices.body),
      );
      // and by text: the 短信发件箱 of the street's operation centre holds it, phone masked
      const box = await street.get('/api/sms-outbox');
      assert.equal(box.status, 200, JSON.stringify(box.body));
      const texts = box.body.items.filter((m: { body: string }) =>
        m.body.includes('帮独居老人清理楼道'),
      );
      assert.equal(texts.length, 2);
      assert.ok(texts.every((m: { to: string }) => /^\d{3}\*{4}\d{4}$/.test(m.to)));
      assert.ok(texts[0].body.includes(caseNumber));

      // another volunteer cannot answer it; nor done before accepting, nor accept twice
      const other = await b.client.post(`/api/volunteer-tasks/${taskA.id}/accept`, {});
      assert.equal(other.status, 404, JSON.stringify(other.body));
      assert.equal(
        (await b.client.post(`/api/volunteer-tasks/${taskA.id}/decline`, {})).status,
        404,
      );
      const early = await a.client.post(`/api/volunteer-tasks/${taskA.id}/done`, {});
      assert.equal(early.status, 409, JSON.stringify(early.body));
      const dutyBefore = await onDuty();
      const accepted = await a.client.post(`/api/volunteer-tasks/${taskA.id}/accept`, {});
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.status, 'accepted');
      assert.ok(accepted.body.answeredAt);
      assert.equal(await onDuty(), dutyBefore + 1, 'on duty once accepted');
      assert.equal(
        (await a.client.post(`/api/volunteer-tasks/${taskA.id}/accept`, {})).status,
        409,
      );

      const declined = await b.client.post(`/api/volunteer-tasks/${taskB.id}/decline`, {
        reason: '人在外地',
      });
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal(declined.body.declineReason, '人在外地');
      const late = await b.client.post(`/api/volunteer-tasks/${taskB.id}/accept`, {});
      assert.equal(late.status, 409, 'a declined task is not accepted after all');

      const done = await a.client.post(`/api/volunteer-tasks/${taskA.id}/done`, {
        note: '已清理完毕',
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.status, 'done');
      assert.equal(await onDuty(), dutyBefore, 'off duty once done');

      // the timeline: who was sent, who accepted or declined, when; the case did not move
      const after = await timeline();
      const steps = after.slice(before.length);
      assert.deepEqual(
        steps.map((s) => s.action),
        [
          'volunteer_sent',
          'volunteer_sent',
          'volunteer_accepted',
          'volunteer_declined',
          'volunteer_done',
        ],
      );
      assert.equal(steps[0]!.actorName, HOTLINE_NAME);
      assert.equal(steps[0]!.note, `派志愿者 ${a.masked}`);
      assert.equal(steps[1]!.note, `派志愿者 ${b.masked}`);
      assert.equal(steps[2]!.actorName, a.masked);
      assert.equal(steps[2]!.at, accepted.body.answeredAt);
      assert.equal(steps[3]!.actorName, b.masked);
      assert.ok(steps[3]!.note!.includes('人在外地'));
      assert.ok(steps.every((s) => s.fromStatus === null && s.toStatus === null));
      assert.ok(!JSON.stringify(after).includes(a.ownName), 'no name in clear on the timeline');
      assert.equal((await hotline.get(`/api/cases/${caseId}`)).body.status, caseStatus);

      // the staff list of the case's tasks
      const listed = await street.get(`/api/volunteer-tasks?caseId=${caseId}`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.items.map((t: { status: string }) => t.status).sort(), [
        'declined',
        'done',
      ]);

      // the committee confirms the hours: 90 minutes from accepting to done
      await db()
        .updateTable('volunteer_tasks')
        .set({ answered_at: sql<Date>`done_at - interval '90 minutes'` })
        .where('id', '=', taskA.id)
        .execute();
      const tooMany = await yunnan.post(`/api/volunteer-tasks/${taskA.id}/confirm`, {
        minutes: 91,
      });
      assert.equal(tooMany.status, 400, JSON.stringify(tooMany.body));
      assert.equal(tooMany.body.field, 'minutes');
      assert.equal(
        (await yunnan.post(`/api/volunteer-tasks/${taskB.id}/confirm`, {})).status,
        409,
        'a declined task has no hours',
      );
      assert.equal(
        (await a.client.post(`/api/volunteer-tasks/${taskA.id}/confirm`, {})).status,
        404,
        'the volunteer does not confirm their own hours',
      );
      const confirmed = await yunnan.post(`/api/volunteer-tasks/${taskA.id}/confirm`, {});
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.ok(confirmed.body.confirmedAt);
      assert.equal(confirmed.body.volunteer.totalMinutes, 90);
      assert.equal(
        (await yunnan.post(`/api/volunteer-tasks/${taskA.id}/confirm`, {})).status,
        409,
        'twice',
      );
      const hours = await db()
        .selectFrom('volunteer_hours')
        .select(['category', 'minutes'])
        .where('task_id', '=', taskA.id)
        .execute();
      assert.deepEqual(hours, [{ category: 'emergency', minutes: 90 }]);
    });

    it('when a task names a volunteer outside the operator’s area, then 404 naming them, and nothing is stored, told or written on the timeline', async () => {
      const count = async () => ({
        tasks: Number(
          (
            await db()
              .selectFrom('volunteer_tasks')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        notices: (await a.client.get('/api/notices')).body.items.length,
        steps: (await timeline()).length,
      });
      const before = await count();
      const out = await yunnan.post('/api/volunteer-tasks', {
        caseId,
        title: '帮忙搬运杂物',
        volunteerIds: [a.volunteerId, far.volunteerId],
      });
      assert.equal(out.status, 404, JSON.stringify(out.body));
      assert.equal(out.body.field, 'volunteerIds.1');
      assert.deepEqual(await count(), before);

      // an unknown volunteer reads the same
      const unknown = await yunnan.post('/api/volunteer-tasks', {
        caseId,
        title: '帮忙搬运杂物',
        volunteerIds: ['00000000-0000-4000-8000-000000000000'],
      });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.field, 'volunteerIds.0');

      // a resident is no dispatcher; a volunteer who left is not sent
      const resident = await a.client.post('/api/volunteer-tasks', {
        title: '自己派自己',
        lat: 31.23,
        lng: 121.48,
        volunteerIds: [a.volunteerId],
      });
      assert.equal(resident.status, 403, JSON.stringify(resident.body));
      assert.equal((await far.client.delete('/api/volunteers/me')).status, 204);
      const left = await hotline.post('/api/volunteer-tasks', {
        title: '台风巡查',
        ...(await tp.centreOf(OTHER_COMMITTEE)),
        volunteerIds: [far.volunteerId],
      });
      assert.equal(left.status, 400, JSON.stringify(left.body));
      assert.equal(left.body.field, 'volunteerIds.0');
      assert.deepEqual(await count(), before);
    });

    it('when a board task is withdrawn after it was accepted, then the volunteer is off duty and told', async () => {
      // a typhoon: the street's operation centre sends a volunteer to a place, no case
      const place = await tp.centreOf(COMMITTEE);
      const sent = await street.post('/api/volunteer-tasks', {
        title: '台风前检查高空坠物',
        place: '云南中路沿街',
        ...place,
        skill: 'first_aid',
        volunteerIds: [b.volunteerId],
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const task = sent.body.items[0];
      assert.equal(task.caseId, null);
      const nowhere = await street.post('/api/volunteer-tasks', {
        title: '台风前检查高空坠物',
        lat: 39.9,
        lng: 116.4,
        volunteerIds: [b.volunteerId],
      });
      assert.equal(nowhere.status, 400, 'a place outside the street');
      assert.equal(nowhere.body.field, 'lat');

      const dutyBefore = await onDuty();
      assert.equal((await b.client.post(`/api/volunteer-tasks/${task.id}/accept`, {})).status, 200);
      assert.equal(await onDuty(), dutyBefore + 1);
      assert.equal(
        (await a.client.post(`/api/volunteer-tasks/${task.id}/cancel`, {})).status,
        404,
        'a volunteer does not withdraw tasks',
      );
      const cancelled = await street.post(`/api/volunteer-tasks/${task.id}/cancel`, {});
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.status, 'cancelled');
      assert.equal(await onDuty(), dutyBefore);
      assert.equal((await b.client.post(`/api/volunteer-tasks/${task.id}/done`, {})).status, 409);
      assert.equal((await street.post(`/api/volunteer-tasks/${task.id}/cancel`, {})).status, 409);
      const notices = await b.client.get('/api/notices');
      assert.ok(notices.body.items.some((n: { body: string }) => n.body.includes('已撤回')));

      const mine = await b.client.get('/api/volunteer-tasks/mine');
      assert.deepEqual(
        mine.body.items.map((t: { status: string }) => t.status),
        ['cancelled', 'declined'],
      );
      const area = await yunnan.get(`/api/volunteer-tasks?area=${COMMITTEE}&status=cancelled`);
      assert.equal(area.status, 200, JSON.stringify(area.body));
      assert.deepEqual(
        area.body.items.map((t: { id: string }) => t.id),
        [task.id],
      );
      assert.equal(
        (await yunnan.get(`/api/volunteer-tasks?area=${OTHER_COMMITTEE}`)).status,
        404,
        "another committee's tasks are not the committee's to see",
      );
    });
  });
}
