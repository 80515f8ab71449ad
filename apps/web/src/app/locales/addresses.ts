import { ADDRESS_KIND_LABELS, ADDRESS_SOURCE_LABELS, labelsIn } from '@cc/contracts';

/**
 * 地址搜索 (the box on the report page, the hotline form and the case centre) and 地址库 (the
 * city's address book: counts by source, the upload of an address file, the last import).
 * zh-CN first; English mirrors the same keys. Kinds and sources come from the contracts.
 */
export const zhCNAddresses = {
  kinds: labelsIn(ADDRESS_KIND_LABELS, 'zh'),
  sources: labelsIn(ADDRESS_SOURCE_LABELS, 'zh'),
  search: {
    label: '地址搜索',
    placeholder: '输入门牌、小区或点位，如 南京东路720号',
    searching: '正在搜索…',
    empty: '没有找到该地址，可换个写法或在地图上点选',
    failed: '地址搜索暂不可用',
    chosen: '已按地址定位：{{label}}',
  },
  casesNear: {
    hint: '选择地址后，地图移到该处并按距离列出附近工单',
    clear: '清除地址',
    showing: '{{label}} 附近的工单',
  },
  book: {
    nav: '地址库',
    title: '地址库',
    intro:
      '地址搜索使用的地址：区域树中的小区、实有房屋的楼栋、派单点位（随平台数据自动更新），以及导入的门牌地址文件。',
    total: '共 {{count}} 条地址',
    source: '来源',
    count: '条数',
    upload: '导入地址文件',
    uploading: '正在导入…',
    format:
      'CSV 文件，UTF-8 编码，首行为表头：address（地址）、lng（经度）、lat（纬度），可选 area_code（区域编码，缺省时按坐标落区）。整份文件要么全部导入，要么全部不导入；不超过 {{mb}} MB。',
    lastImport: '最近一次导入',
    none: '尚未导入过地址文件',
    fileName: '文件',
    at: '时间',
    outcome: { imported: '已导入', refused: '未导入' },
    rowsRead: '读取 {{count}} 行',
    rowsStored: '新增或更新 {{count}} 条',
    imported: '导入完成：读取 {{read}} 行，新增或更新 {{stored}} 条',
    refused: '文件有问题，未导入任何地址',
  },
};
