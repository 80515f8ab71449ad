/**
 * What the demo's live cases say: a description and an address written for each scenario as a
 * person on the street would put them ("南京东路步行街世纪广场东侧垃圾桶满溢，周边有散落垃圾"),
 * with the roads and landmarks of the street the case lies in and, for matters inside a
 * compound, the compound, building and flat. The scenario's required fields are filled to
 * match the words. Deterministic for a given random stream (seed-cases.ts).
 */

type Rand = () => number;
type Attributes = Record<string, string | number | string[]>;

/** Where a case lies, as the demo knows it. */
export interface CaseSite {
  /** the street's area code (310101002000 …) */
  streetCode: string;
  /** the compound's name when the case lies in one of the demo compounds */
  compoundName: string | null;
  /** the committee's name (云南中路居委会) */
  committeeName: string;
}

export interface CaseText {
  description: string;
  address: string;
  attributes: Attributes;
}

/** Real roads and landmarks of Huangpu's streets (the demo street most). */
const STREETS: Record<string, { roads: string[]; landmarks: string[] }> = {
  // prettier-ignore
  '310101002000': {
    roads: ['南京东路', '九江路', '汉口路', '福州路', '北京东路', '宁波路', '天津路', '浙江中路', '福建中路', '山西南路', '江西中路', '河南中路', '四川中路', '云南中路', '贵州路', '湖北路', '六合路', '广西北路', '牛庄路', '厦门路', '芝罘路', '北海路'],
    landmarks: ['南京东路步行街世纪广场', '新世界城', '第一百货商店', '永安百货', '第一食品商店', '东方商厦', '宏伊国际广场', '南京东路地铁站2号口', '河南中路地铁站4号口', '步行街金子塔', '华联商厦', '福州路书城'],
  },
  // prettier-ignore
  '310101013000': {
    roads: ['中山东一路', '北京东路', '圆明园路', '虎丘路', '四川中路', '滇池路', '九江路', '江西中路'],
    landmarks: ['外滩观景平台', '和平饭店', '外滩源', '外白渡桥南堍', '陈毅广场'],
  },
  // prettier-ignore
  '310101015000': {
    roads: ['半淞园路', '西藏南路', '中山南路', '制造局路', '高雄路', '车站路', '南车站路'],
    landmarks: ['半淞园路地铁站', '世博浦西园区入口', '南浦大桥引桥下'],
  },
  // prettier-ignore
  '310101017000': {
    roads: ['中山南路', '东门路', '人民路', '外咸瓜街', '复兴东路', '董家渡路', '会馆街'],
    landmarks: ['十六铺码头', '董家渡天主堂', '小东门菜场'],
  },
  // prettier-ignore
  '310101018000': {
    roads: ['方浜中路', '旧校场路', '福佑路', '河南南路', '人民路', '安仁街', '丽水路', '光启路'],
    landmarks: ['豫园商城', '城隍庙九曲桥', '豫园地铁站', '福佑门商场'],
  },
  // prettier-ignore
  '310101019000': {
    roads: ['中华路', '复兴东路', '大林路', '蓬莱路', '文庙路', '学前街', '方斜路', '西藏南路'],
    landmarks: ['老西门地铁站', '文庙', '蓬莱公园'],
  },
  // prettier-ignore
  '310101020000': {
    roads: ['瞿溪路', '鲁班路', '丽园路', '斜土路', '局门路', '打浦路', '蒙自路'],
    landmarks: ['鲁班路地铁站', '五里桥菜场', '局门路街心花园'],
  },
  // prettier-ignore
  '310101021000': {
    roads: ['打浦路', '徐家汇路', '建国中路', '泰康路', '瑞金二路', '丽园路'],
    landmarks: ['田子坊', '打浦桥地铁站', '日月光中心广场'],
  },
  // prettier-ignore
  '310101022000': {
    roads: ['淮海中路', '马当路', '黄陂南路', '顺昌路', '自忠路', '兴业路', '重庆南路', '济南路'],
    landmarks: ['新天地', '一大会址', '淮海中路地铁站', '太平桥公园'],
  },
  // prettier-ignore
  '310101023000': {
    roads: ['瑞金二路', '建国西路', '永嘉路', '茂名南路', '陕西南路', '长乐路', '复兴中路'],
    landmarks: ['瑞金医院门诊楼', '复兴公园', '思南公馆'],
  },
};

// prettier-ignore
const SHOPS = ['一家水果店', '一家面馆', '一家烟杂店', '一家小吃店', '一家服装店', '一家生煎馆', '一家便利店', '一家早餐店', '一家奶茶店', '一家五金店'];
const SIDES = ['东侧', '西侧', '南侧', '北侧', '门口', '对面', '旁边'];
const TIMES = ['今天早上', '中午', '下午', '傍晚', '最近几天', '这两天', '一早'];

interface Fill {
  road: string;
  road2: string;
  landmark: string;
  side: string;
  shop: string;
  time: string;
  compound: string;
  building: string;
  unit: string;
  room: string;
  num: string;
  n: string;
}

type Where = 'street' | 'landmark' | 'compound';

interface Variant {
  at: Where;
  text: string;
  attrs?: (f: Fill) => Attributes;
}

const v = (at: Where, text: string, attrs?: Variant['attrs']): Variant => ({ at, text, attrs });
const fixed =
  (attrs: Attributes): Variant['attrs'] =>
  () =>
    attrs;

/** What people say, scenario by scenario; `{…}` is filled in from the place. */
const VARIANTS: Record<string, Variant[]> = {
  'illegal-parking': [
    v('street', '{road}{num}号门口一辆白色轿车长时间违停，占用非机动车道，影响通行'),
    v('landmark', '{landmark}{side}有多辆车辆违停，出租车上下客受阻'),
    v('street', '{road}近{road2}路口黄线处停着两辆小客车，司机不在车内'),
  ],
  'shared-bike-disorder': [
    v('landmark', '{landmark}{side}共享单车堆积约{n}0辆，堵住人行道'),
    v('street', '{road}{num}号附近共享单车乱停放，盲道被占'),
    v('street', '{road}{road2}路口共享单车倒伏一地，行人只能绕行'),
  ],
  'non-motor-violation': [
    v(
      'street',
      '{road}{road2}路口早高峰外卖电瓶车频繁闯红灯',
      fixed({ violations: ['red_light'] }),
    ),
    v(
      'street',
      '{road}上多辆电动自行车逆行，骑手未戴头盔',
      fixed({ violations: ['wrong_way', 'no_helmet'] }),
    ),
  ],
  'road-damaged': [
    v('street', '{road}{num}号门前人行道地砖松动翘起，已有老人绊倒', fixed({ lane: 'pavement' })),
    v('street', '{road}近{road2}机动车道出现坑洞，直径约半米', fixed({ lane: 'carriageway' })),
    v('compound', '{compound}{building}门口小区道路破损积水', fixed({ lane: 'compound' })),
  ],
  'traffic-facility-damaged': [v('street', '{road}{road2}路口隔离护栏被撞倒{n}节，未见修复')],
  'abandoned-vehicle': [
    v(
      'street',
      '{road}{num}号旁一辆无牌轿车停放超过一个月，落满灰尘',
      fixed({ vehicle_kind: 'car' }),
    ),
    v('compound', '{compound}车棚内有{n}辆废弃自行车长期占位', fixed({ vehicle_kind: 'bike' })),
  ],
  'garbage-overflow': [
    v('landmark', '{landmark}{side}垃圾桶满溢，周边有散落垃圾'),
    v('street', '{road}{num}号门口垃圾桶已满，{time}没人清运'),
    v('compound', '{compound}垃圾厢房满溢，袋装垃圾堆在地上，有异味'),
  ],
  'exposed-garbage': [
    v('street', '{road}{num}号弄口堆着几袋生活垃圾，招来苍蝇'),
    v('landmark', '{landmark}{side}绿化带里有积存垃圾'),
  ],
  'waste-sorting-violation': [
    v('compound', '{compound}垃圾厢房湿垃圾桶里混有大量塑料袋', fixed({ problem: 'mixed' })),
    v('compound', '{compound}有居民晚上十点后在厢房外乱扔垃圾', fixed({ problem: 'off_schedule' })),
    v(
      'compound',
      '{compound}定时投放点{time}无人值守，垃圾混投',
      fixed({ problem: 'room_unattended' }),
    ),
  ],
  'bulky-waste-dumped': [
    v('compound', '{compound}{building}楼下堆放旧沙发和床垫，已放了一周'),
    v('street', '{road}{num}号旁人行道上有装修垃圾袋堆放'),
  ],
  'street-unclean': [
    v('street', '{road}人行道上油污明显，{time}未见保洁'),
    v('landmark', '{landmark}{side}地面烟头、纸屑较多'),
  ],
  'noise-nuisance': [
    v(
      'compound',
      '{compound}{building}{room}室装修{time}七点前就开始电钻施工，吵得无法休息',
      fixed({ source: 'renovation' }),
    ),
    v('street', '{road}{num}号{shop}门口音箱放音乐揽客，音量很大', fixed({ source: 'business' })),
    v(
      'compound',
      '{compound}空地晚上九点后还有广场舞，音乐声扰民',
      fixed({ source: 'square_dance' }),
    ),
    v(
      'compound',
      '{compound}{building}楼顶空调外机噪声很大，夜里嗡嗡响',
      fixed({ source: 'equipment' }),
    ),
  ],
  'cooking-fume': [
    v('street', '{road}{num}号{shop}油烟直排，楼上住户窗户都是油'),
    v('street', '{road}沿街{shop}排烟管道对着居民楼，油烟呛人'),
  ],
  'public-toilet-issue': [v('landmark', '{landmark}{side}公厕洗手池堵塞，地面湿滑')],
  'street-facing-laundry': [v('street', '{road}{num}号沿街窗外晾晒被子衣物，影响市容')],
  'street-light-out': [
    v('street', '{road}{num}号至{road2}路口一段路灯不亮，晚上很黑'),
    v('compound', '{compound}{building}旁路灯坏了{time}，老人晚上出门不便'),
  ],
  'manhole-cover-missing': [
    v(
      'street',
      '{road}{num}号门前人行道井盖破损，有塌陷危险',
      fixed({ cover_state: 'broken', lane: 'pavement' }),
    ),
    v(
      'street',
      '{road}近{road2}非机动车道井盖移位，高出路面',
      fixed({ cover_state: 'displaced', lane: 'bike_lane' }),
    ),
  ],
  'drain-blocked': [v('street', '{road}{road2}路口雨水口被落叶垃圾堵住，下雨就积水')],
  'overhead-cable-hanging': [
    v('street', '{road}{num}号弄口架空线缆垂落到人头高度'),
    v('compound', '{compound}{building}外墙飞线杂乱，有安全隐患'),
  ],
  'water-supply-outage': [
    v(
      'compound',
      '{compound}{building}{time}水压很低，高层基本没水',
      fixed({ symptom: 'low_pressure' }),
    ),
  ],
  'tree-pruning-needed': [
    v('street', '{road}{num}号门口行道树枝条遮挡交通标志'),
    v('compound', '{compound}{building}窗前树枝伸进阳台，需要修剪'),
  ],
  'dead-branch-hazard': [v('street', '{road}{road2}路口梧桐树有大块枯枝，风一吹摇晃')],
  'greenery-damaged': [v('landmark', '{landmark}{side}绿化带被踩踏，灌木折断')],
  'corridor-clutter': [
    v('compound', '{compound}{building}{unit}楼道堆放纸箱和旧家具，堵塞通道'),
    v('compound', '{compound}{building}{unit}{n}楼楼梯间堆满杂物，消防通道不畅'),
  ],
  'group-renting': [
    v('compound', '{compound}{building}{room}室疑似群租，进出人员多，隔成多间', (f) => ({
      unit: `${f.building}${f.room}室`,
    })),
  ],
  'elevator-breakdown': [
    v('compound', '{compound}{building}{unit}电梯停运{time}，楼上老人下不了楼', (f) => ({
      building: `${f.building}${f.unit}`,
    })),
    v('compound', '{compound}{building}电梯运行时有异响，门关不严', (f) => ({
      building: f.building,
    })),
  ],
  'building-leak': [
    v('compound', '{compound}{building}{room}室屋顶渗水，下雨天墙面发霉'),
    v('compound', '{compound}{building}{unit}外墙渗漏，楼下住户天花板滴水'),
  ],
  'corridor-light-out': [v('compound', '{compound}{building}{unit}楼道声控灯不亮{time}')],
  'entrance-door-broken': [v('compound', '{compound}{building}{unit}单元门门禁坏了，门一直关不上')],
  'illegal-construction': [v('compound', '{compound}{building}顶楼住户正在搭建阳光房')],
  'construction-site-conduct': [
    v(
      'street',
      '{road}{num}号工地围挡破损，泥浆流到人行道',
      fixed({ problems: ['hoarding', 'gate_dirty'] }),
    ),
    v(
      'street',
      '{road}改造工地渣土未覆盖，车辆出场未冲洗',
      fixed({ problems: ['uncovered', 'unwashed'] }),
    ),
  ],
  'night-construction': [v('street', '{road}{num}号工地晚上十一点还在切割钢筋，噪声很大')],
  'construction-dust': [v('street', '{road}拆除工地扬尘大，未见喷淋')],
  'muck-truck-spill': [v('street', '{road}{road2}路口渣土车抛洒，路面一层泥土')],
  'illegal-small-ads': [
    v('compound', '{compound}{building}楼道墙上贴满开锁、通下水道小广告'),
    v('street', '{road}{num}号附近电线杆上喷涂办证小广告'),
  ],
  'flyer-distribution': [v('landmark', '{landmark}{side}有人散发健身卡传单，地上扔了很多')],
  'shop-sign-issue': [
    v('street', '{road}{num}号{shop}店招一角脱落，悬在人行道上方', fixed({ falling_risk: 'yes' })),
    v('street', '{road}{num}号店招灯箱破损', fixed({ falling_risk: 'no' })),
  ],
  'road-occupation-business': [
    v('street', '{road}{num}号{shop}跨门营业，货架摆到人行道上'),
    v('landmark', '{landmark}{side}商户把促销摊位摆到步行街上'),
    v('street', '{road}{num}号{shop}在门口支桌子营业，占用人行道'),
  ],
  'illegal-street-vendor': [
    v('landmark', '{landmark}{side}有流动摊贩卖水果和气球'),
    v('street', '{road}{road2}路口傍晚有人摆摊卖小吃'),
  ],
  'unlicensed-business': [v('street', '{road}{num}号一楼新开{shop}，未见营业执照')],
  'illegal-taxi': [v('landmark', '{landmark}{side}有黑车司机拉客，报价很高')],
  'scrap-collection-occupying': [v('street', '{road}{num}号门口废品收购点占道堆放纸板')],
  'fire-exit-blocked': [
    v('landmark', '{landmark}东侧安全出口被货物堵住', (f) => ({
      exit_location: `${f.landmark}东侧安全出口`,
      blocked_by: 'goods',
    })),
    v('compound', '{compound}消防通道停了{n}辆私家车', (f) => ({
      exit_location: `${f.compound}消防通道`,
      blocked_by: 'vehicle',
    })),
    v('street', '{road}{num}号{shop}后门安全出口上锁', (f) => ({
      exit_location: `${f.road}${f.num}号后门`,
      blocked_by: 'locked',
    })),
  ],
  'ebike-unsafe-charging': [
    v(
      'compound',
      '{compound}{building}{unit}楼道里有电动车在充电',
      fixed({ situation: 'corridor' }),
    ),
    v(
      'compound',
      '{compound}{building}有住户从{n}楼窗口拉电线给电动车充电',
      fixed({ situation: 'flying_lead' }),
    ),
  ],
  'objects-thrown-from-height': [
    v('compound', '{compound}{building}有人从楼上扔下垃圾袋，差点砸到人'),
  ],
  waterlogging: [
    v('street', '{road}{road2}路口积水约{n}0厘米，行人无法通过', (f) => ({
      depth_cm: Number(f.n) * 10,
      place: 'road',
    })),
    v('compound', '{compound}{building}门前积水，住户出不了门', (f) => ({
      depth_cm: Number(f.n) * 5,
      place: 'compound',
    })),
  ],
  'pest-vector-breeding': [
    v('compound', '{compound}垃圾厢房附近老鼠出没，晚上很多'),
    v('street', '{road}{num}号{shop}后巷积水，蚊虫孳生'),
  ],
  'shop-epidemic-check': [
    v(
      'street',
      '{road}{num}号{shop}门口未张贴场所码，店员未戴口罩',
      fixed({ problems: ['no_scan', 'no_mask'] }),
    ),
  ],
  'neighbour-dispute': [
    v('compound', '{compound}{building}楼上楼下因漏水发生争吵，需要调解'),
    v('compound', '{compound}{building}邻居在公共过道放鞋柜，双方起争执'),
  ],
  'uncivil-dog-keeping': [
    v('compound', '{compound}有人遛狗不牵绳，狗粪无人清理'),
    v('compound', '{compound}{building}{room}室养的大型犬夜里一直叫'),
  ],
  'private-parking-lock': [v('compound', '{compound}{building}旁公共车位被人私装地锁')],
  'elderly-living-alone-care': [
    v(
      'compound',
      '{compound}{building}独居的顾阿婆两天没下楼买菜，敲门无人应，请社区上门看看',
      fixed({ concern: 'not_seen' }),
    ),
  ],
};

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/**
 * A case's words for `scenarioCode` at `site`. A scenario without its own variants gets the
 * plain "place + scenario name" line (`fallbackName`).
 */
export function caseText(
  scenarioCode: string,
  fallbackName: string,
  site: CaseSite,
  rand: Rand,
  /** a matter of the compound where the scenario has one (a resident's report near home) */
  atHome = false,
): CaseText {
  const street = STREETS[site.streetCode];
  // a street whose roads the demo does not know: the committee's name stands for the place
  if (!street)
    return {
      description: `${site.committeeName}附近${fallbackName}`,
      address: `${site.committeeName}附近`,
      attributes: {},
    };
  const road = pick(rand, street.roads);
  let road2 = pick(rand, street.roads);
  if (road2 === road) road2 = street.roads[(street.roads.indexOf(road) + 1) % street.roads.length]!;
  const compound = site.compoundName ?? `${site.committeeName.replace(/居委会$/, '')}小区`;
  const fill: Fill = {
    road,
    road2,
    landmark: pick(rand, street.landmarks),
    side: pick(rand, SIDES),
    shop: pick(rand, SHOPS),
    time: pick(rand, TIMES),
    compound,
    building: `${1 + Math.floor(rand() * 12)}号楼`,
    unit: `${1 + Math.floor(rand() * 3)}单元`,
    room: `${1 + Math.floor(rand() * 6)}0${1 + Math.floor(rand() * 3)}`,
    num: String(1 + Math.floor(rand() * 120) * 2 + (rand() < 0.5 ? 1 : 0)),
    n: String(2 + Math.floor(rand() * 4)),
  };
  const variants = VARIANTS[scenarioCode];
  if (!variants) {
    return {
      description: `${fill.road}${fill.num}号附近${fallbackName}`,
      address: `${fill.road}${fill.num}号`,
      attributes: {},
    };
  }
  // a matter of a compound only where there is one; otherwise a street-side variant if any
  const inCompound = variants.filter((x) => x.at === 'compound');
  const usable = !site.compoundName
    ? variants.filter((x) => x.at !== 'compound')
    : atHome && inCompound.length > 0
      ? inCompound
      : variants;
  const chosen = pick(rand, usable.length > 0 ? usable : variants);
  const description = chosen.text.replace(/\{(\w+)\}/g, (_, k: keyof Fill) => fill[k]);
  const address =
    chosen.at === 'compound'
      ? `${compound}${fill.building}`
      : chosen.at === 'landmark'
        ? `${fill.landmark}${fill.side === '门口' || fill.side === '旁边' || fill.side === '对面' ? '' : fill.side}`
        : chosen.text.includes('{road2}')
          ? `${fill.road}${fill.road2}路口`
          : `${fill.road}${fill.num}号`;
  return { description, address, attributes: chosen.attrs?.(fill) ?? {} };
}

/** The scenarios the demo has words for. */
export const SCENARIOS_WITH_TEXT = Object.keys(VARIANTS);
