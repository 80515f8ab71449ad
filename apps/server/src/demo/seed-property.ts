/**
 * Property management "1 + 3" in the demo city: for each compound of 云南中路 its property
 * company (three companies, one of them managing three compounds, so that complaints compare by
 * company too), its owners' committee (业委会) and its property fee on record — written by
 * `yunnan` through the property module's use cases. Made-up companies (credit codes from
 * fakeUscc: a county code GB/T 2260 never assigned) and made-up members. Skipped when a
 * compound of the committee has its "1 + 3" already.
 */
import type { OwnersCommitteeMember } from '@cc/contracts';
import type { AppDeps, Ctx } from '../platform/context.js';
import { shanghaiDate } from '../platform/shanghai-time.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { recordFees, setCompany, setOwnersCommittee } from '../modules/property/index.js';
import { fakeUscc } from '../modules/registry/index.js';

const COMMITTEE = '310101002001'; // 云南中路居委会

const COMPANIES = [
  { name: '上海永业物业管理有限公司', uscc: fakeUscc(310_101_201), servicePhone: '021-63210101' },
  { name: '上海东湖物业管理有限公司', uscc: fakeUscc(310_101_202), servicePhone: '021-63210202' },
  { name: '上海明华物业服务有限公司', uscc: fakeUscc(310_101_203), servicePhone: '021-63210303' },
];
/** which company manages the n-th compound, and its residential fee (fen per m² a month) */
const BY_COMPOUND = [
  { company: 0, fen: 180 },
  { company: 0, fen: 150 },
  { company: 1, fen: 230 },
  { company: 2, fen: 95 },
  { company: 0, fen: 120 },
  { company: 1, fen: 260 },
];
// prettier-ignore
const SURNAMES = ['张', '李', '王', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭', '何'];
// prettier-ignore
const GIVEN = ['建国', '秀英', '志强', '桂芳', '国华', '丽娟', '伟民', '美玲', '德明', '玉兰', '永康', '慧敏'];

/** Whether it wrote anything. */
export async function seedProperty(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const compounds = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path'])
    .where('level', '=', 'compound')
    .where('path', 'like', `%/${COMMITTEE}/%`)
    .orderBy('code')
    .execute();
  if (compounds.length === 0) return false;
  const has = await db
    .selectFrom('property_compounds')
    .select('compound_code')
    .where(
      'compound_code',
      'in',
      compounds.map((c) => c.code),
    )
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  const actor = await loadActorByUsername(db, 'yunnan').catch(() => null);
  if (!actor) return false;
  const staff: Ctx = { ...deps, actor, ip: null };
  const today = shanghaiDate();
  const year = Number(today.slice(0, 4));
  for (const [i, compound] of compounds.entries()) {
    const plan = BY_COMPOUND[i % BY_COMPOUND.length]!;
    const company = COMPANIES[plan.company]!;
    await setCompany(staff, compound.code, {
      ...company,
      contractStart: `${year - 1}-01-01`,
      contractEnd: `${year + 2}-12-31`,
    });
    // an owners' committee of five in four compounds of six (the others have none yet)
    if (i % 3 !== 2) {
      const term = { termStart: `${year - 1}-07-01`, termEnd: `${year + 4}-06-30` };
      const name = (k: number) =>
        `${SURNAMES[(i * 5 + k) % SURNAMES.length]}${GIVEN[(i * 7 + k * 3) % GIVEN.length]}`;
      const members: OwnersCommitteeMember[] = [
        { name: name(0), role: 'director', ...term },
        { name: name(1), role: 'deputy_director', ...term },
        ...[2, 3, 4].map((k) => ({ name: name(k), role: 'member' as const, ...term })),
      ];
      await setOwnersCommittee(staff, compound.code, { members });
    }
    await recordFees(staff, compound.code, {
      fees: [
        { use: 'residential', fen: plan.fen },
        ...(i % 2 === 0 ? [{ use: 'commercial' as const, fen: plan.fen * 2 }] : []),
      ],
      effectiveFrom: `${year - 3}-01-01`,
    });
  }
  return true;
}
