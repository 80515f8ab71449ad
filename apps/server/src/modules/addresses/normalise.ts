/**
 * What an address is searched by (decision 025): the text folded so that the ways people type
 * one address meet — full-width digits and letters (NFKC), spaces and punctuation dropped,
 * 號/#/衖 as 号/弄, the city and a district in front dropped (上海市黄浦区南京东路 → 南京东路),
 * and 号 after a number dropped (720号 and 720 are one door). Both the index and every query
 * go through it.
 */

const DISTRICTS = [
  '黄浦区',
  '徐汇区',
  '长宁区',
  '静安区',
  '普陀区',
  '虹口区',
  '杨浦区',
  '闵行区',
  '宝山区',
  '嘉定区',
  '浦东新区',
  '金山区',
  '松江区',
  '青浦区',
  '奉贤区',
  '崇明区',
];

const DROPPED = /[\s,，、;；:：.。·・'"“”‘’()（）[\]【】{}<>《》!！?？_]+/gu;

export function normaliseAddress(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(DROPPED, '');
  s = s
    .replace(/號/g, '号')
    .replace(/#/g, '号')
    .replace(/衖/g, '弄')
    .replace(/[－—–]/g, '-');
  s = s.replace(/^中国/, '');
  s = s.replace(/^上海市?/, '');
  for (const d of DISTRICTS) {
    if (s.startsWith(d) && s.length > d.length) {
      s = s.slice(d.length);
      break;
    }
  }
  return s.replace(/(\d)号/g, '$1');
}

/** The longest stretch of a suffix kept in the index: a longer query is checked on the row. */
export const SUFFIX_LENGTH = 16;

/** The least text above every string that starts with `prefix` (C order, code points). */
export const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;
