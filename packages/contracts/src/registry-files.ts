import type { ImportKind } from './registry.js';

/**
 * The registry's bulk files (CSV or XLSX, first row the headers), shared by the server's import
 * and export and the web app's templates and labels. A header may be given in Chinese or in
 * English; a coded value in Chinese, in English or as its code. data/registry/README.md
 * documents the same.
 */

/**
 * The largest import file, in MB, unless the server sets IMPORT_MAX_MB: a committee's file
 * with ten times room (data/registry/README.md, "Limits").
 */
export const REGISTRY_IMPORT_MAX_MB = 10;

/** code → [zh-CN, English] for every coded value */
export const REGISTRY_LABELS = {
  documentType: {
    resident_id: ['居民身份证', 'Resident ID card'],
    passport: ['护照', 'Passport'],
    hk_macao_permit: ['港澳居民来往内地通行证', 'Mainland travel permit (HK/Macao)'],
    taiwan_permit: ['台湾居民来往大陆通行证', 'Mainland travel permit (Taiwan)'],
    foreign_permanent_id: ['外国人永久居留身份证', 'Foreign permanent resident ID'],
  },
  registration: {
    local: ['本市户籍', 'Shanghai hukou'],
    migrant: ['来沪人员', 'From elsewhere in China'],
    overseas: ['境外人员', 'From abroad'],
  },
  sex: { male: ['男', 'Male'], female: ['女', 'Female'] },
  relation: {
    head: ['户主', 'Head'],
    spouse: ['配偶', 'Spouse'],
    child: ['子女', 'Child'],
    parent: ['父母', 'Parent'],
    grandchild: ['孙辈', 'Grandchild'],
    sibling: ['兄弟姐妹', 'Sibling'],
    other: ['其他亲属', 'Other relative'],
    tenant: ['租户', 'Tenant'],
  },
  contactRelation: {
    spouse: ['配偶', 'Spouse'],
    child: ['子女', 'Child'],
    grandchild: ['孙辈', 'Grandchild'],
    parent: ['父母', 'Parent'],
    sibling: ['兄弟姐妹', 'Sibling'],
    relative: ['其他亲属', 'Other relative'],
    guardian: ['监护人', 'Guardian'],
    neighbour: ['邻居', 'Neighbour'],
    friend: ['朋友', 'Friend'],
    volunteer: ['志愿者', 'Volunteer'],
    other: ['其他', 'Other'],
  },
  use: {
    residential: ['住宅', 'Residential'],
    commercial: ['商业', 'Commercial'],
    office: ['办公', 'Office'],
    mixed: ['商住', 'Mixed'],
    other: ['其他', 'Other'],
  },
  ownership: {
    private: ['私有', 'Private'],
    public_rental: ['公房', 'Public rental'],
    work_unit: ['单位', 'Work unit'],
    collective: ['集体', 'Collective'],
    other: ['其他', 'Other'],
  },
  occupancy: {
    owner_occupied: ['自住', 'Owner-occupied'],
    rented: ['出租', 'Rented'],
    vacant: ['空置', 'Vacant'],
    group_rental: ['群租', 'Group rental'],
  },
  organisationKind: {
    party: ['党组织', 'Party organisation'],
    residents_committee: ['居委会', "Residents' committee"],
    owners_committee: ['业委会', "Owners' committee"],
    property: ['物业公司', 'Property company'],
    merchant: ['商户', 'Merchant'],
    enterprise: ['企业', 'Enterprise'],
    social: ['社会组织', 'Social organisation'],
    school: ['学校', 'School'],
    other: ['其他', 'Other'],
  },
  ownerKind: {
    person: ['个人', 'Person'],
    organisation: ['单位', 'Organisation'],
    developer: ['开发建设单位', 'Developer'],
  },
  ownerDocumentType: {
    resident_id: ['居民身份证', 'Resident ID card'],
    passport: ['护照', 'Passport'],
    hk_macao_permit: ['港澳居民来往内地通行证', 'Mainland travel permit (HK/Macao)'],
    taiwan_permit: ['台湾居民来往大陆通行证', 'Mainland travel permit (Taiwan)'],
    foreign_permanent_id: ['外国人永久居留身份证', 'Foreign permanent resident ID'],
    uscc: ['统一社会信用代码', 'Unified social credit code'],
  },
} as const satisfies Record<string, Record<string, readonly [string, string]>>;
export type RegistryDictionary = keyof typeof REGISTRY_LABELS;

export interface RegistryColumn {
  /** the field's key in the server's row */
  key: string;
  zh: string;
  en: string;
  required: boolean;
  /** a coded value from REGISTRY_LABELS */
  dictionary?: RegistryDictionary;
  hint: string;
}

const col = (
  key: string,
  zh: string,
  en: string,
  required: boolean,
  hint: string,
  dictionary?: RegistryDictionary,
): RegistryColumn => ({ key, zh, en, required, hint, ...(dictionary ? { dictionary } : {}) });

/** the compound, building, unit and room that locate a room within the committee */
const roomColumns = (required: boolean) => [
  col('compound', '小区', 'compound', required, '小区名称或编码 / compound name or code'),
  col('building', '楼栋', 'building', required, '如 12号楼 / e.g. 12号楼'),
  col('unit', '单元', 'unit', false, '如 2单元，可空 / e.g. 2单元, may be empty'),
  col('room', '室号', 'room', required, '如 301 / e.g. 301'),
];

export const REGISTRY_COLUMNS: Record<ImportKind, RegistryColumn[]> = {
  residents: [
    col('name', '姓名', 'name', true, '张三'),
    col('documentType', '证件类型', 'document_type', true, '居民身份证', 'documentType'),
    col('documentNumber', '证件号码', 'document_number', true, 'GB 11643 18 位 / 18 characters'),
    col('phone', '手机号', 'phone', false, '13800138000'),
    col(
      'birthDate',
      '出生日期',
      'birth_date',
      false,
      'YYYY-MM-DD；身份证可空 / may be empty for resident IDs',
    ),
    col('sex', '性别', 'sex', false, '男/女；身份证可空 / may be empty for resident IDs', 'sex'),
    col('registration', '户籍类型', 'registration', true, '本市户籍', 'registration'),
    col('nationality', '国籍', 'nationality', false, 'CHN / USA / JPN …（默认 CHN）'),
    ...roomColumns(false),
    col(
      'householdNumber',
      '户号',
      'household_number',
      false,
      '同户同号 / same number per household',
    ),
    col('relation', '与户主关系', 'relation', false, '户主', 'relation'),
    col('tags', '标签', 'tags', false, '独居老人;残疾人'),
  ],
  housing: [
    ...roomColumns(true),
    col('floor', '楼层', 'floor', false, '3'),
    col('floorArea', '建筑面积', 'floor_area', false, '平方米 / m², 如 68.5'),
    col('use', '用途', 'use', true, '住宅', 'use'),
    col('ownership', '产权', 'ownership', true, '私有', 'ownership'),
    col('occupancy', '居住状态', 'occupancy', true, '自住', 'occupancy'),
  ],
  organisations: [
    col('name', '名称', 'name', true, '云南中路花园业委会'),
    col('kind', '类型', 'kind', true, '业委会', 'organisationKind'),
    col('contactName', '联系人', 'contact_name', false, '李四'),
    col('contactPhone', '联系电话', 'contact_phone', false, '13800138000'),
    col('address', '地址', 'address', false, '云南中路 100 号'),
  ],
  owners: [
    ...roomColumns(true),
    col('ownerName', '产权人', 'owner_name', true, '张三 / 上海某某置业有限公司'),
    col(
      'ownerKind',
      '产权人类型',
      'owner_kind',
      false,
      '个人；空则按证件判断 / empty: from the document',
      'ownerKind',
    ),
    col('documentType', '证件类型', 'document_type', true, '居民身份证', 'ownerDocumentType'),
    col(
      'documentNumber',
      '证件号码',
      'document_number',
      true,
      '身份证 18 位或统一社会信用代码 18 位 / ID or USCC, 18 characters',
    ),
    col(
      'share',
      '份额',
      'share',
      true,
      '100 / 50% / 1/2；同一房屋合计 100% / a room adds up to 100 %',
    ),
    col(
      'registeredArea',
      '登记面积',
      'registered_area',
      false,
      '不动产登记面积，平方米，如 68.52；空则不变 / m², empty keeps it',
    ),
  ],
};
