/**
 * The controlled vocabulary of themes, defined once for the whole product: the compiler tags
 * measures with it, cards and the library show its labels in the reader's language, and filters use
 * its ids. Keywords are Simplified Chinese and are matched against normalised text (so Traditional
 * measures match too). A measure gets every theme whose keywords it contains; the keyword lists are
 * kept to instrument terms, not to generic words such as 提升 or 优化, so that themes stay telling.
 */
import { normalizeText } from './normalize.ts';

/** Labels in the three UI languages. */
export interface ThemeLabels {
  'zh-CN': string;
  'zh-TW': string;
  en: string;
}

export interface Theme {
  id: string;
  labels: ThemeLabels;
  keywords: readonly string[];
}

const THEMES_RAW = [
  {
    id: 'advance-declaration',
    labels: { 'zh-CN': '提前申报', 'zh-TW': '提前申報', en: 'Advance declaration' },
    keywords: ['提前申报', '提前报关', '预申报', '前置申报', '两步申报', '预裁定', '预归类', '预审价'],
  },
  {
    id: 'guarantee',
    labels: { 'zh-CN': '担保放行', 'zh-TW': '擔保放行', en: 'Guarantees and release' },
    keywords: ['担保', '保证金', '先放后税', '先放后检', '附条件提离', '抵押'],
  },
  {
    id: 'credit-aeo',
    labels: { 'zh-CN': '信用管理与AEO', 'zh-TW': '信用管理與AEO', en: 'Credit management and AEO' },
    keywords: [
      'aeo',
      '高级认证',
      '信用',
      '守法便利',
      '企业分类',
      '管理类别',
      'a类',
      'aa类',
      'b类企业',
      '一类管理企业',
      '联合激励',
    ],
  },
  {
    id: 'single-window',
    labels: { 'zh-CN': '单一窗口与电子口岸', 'zh-TW': '單一窗口與電子口岸', en: 'Single window and e-port' },
    keywords: [
      '单一窗口',
      '电子口岸',
      '信息平台',
      '公共信息平台',
      '数字口岸',
      '一站式',
      '联网',
      '信息化',
      '智慧',
      '智能',
    ],
  },
  {
    id: 'paperless',
    labels: { 'zh-CN': '无纸化与电子化', 'zh-TW': '無紙化與電子化', en: 'Paperless and electronic' },
    keywords: [
      '无纸',
      '电子支付',
      '网上支付',
      '电子提单',
      '电子化',
      '电子申报',
      '电子转单',
      '电子通关',
      '线上',
      '网上',
      '电子发票',
      '证单智制',
    ],
  },
  {
    id: 'inspection',
    labels: { 'zh-CN': '查验与检验检疫', 'zh-TW': '查驗與檢驗檢疫', en: 'Inspection and quarantine' },
    keywords: [
      '查验',
      '检验',
      '检疫',
      '验放',
      '抽样',
      '取样',
      '送检',
      '非侵入',
      '合格评定',
      '检测',
      'h986',
      '核查',
    ],
  },
  {
    id: 'risk-management',
    labels: { 'zh-CN': '风险管理', 'zh-TW': '風險管理', en: 'Risk management' },
    keywords: ['风险', '布控', '低风险', '分类管理'],
  },
  {
    id: 'cross-border-ecommerce',
    labels: { 'zh-CN': '跨境电商', 'zh-TW': '跨境電商', en: 'Cross-border e-commerce' },
    keywords: ['跨境电商', '跨境电子商务', '1210', '快件', '邮件', '集拼'],
  },
  {
    id: 'bonded-zones',
    labels: { 'zh-CN': '保税与特殊监管区域', 'zh-TW': '保稅與特殊監管區域', en: 'Bonded and special zones' },
    keywords: [
      '保税',
      '综保区',
      '综合保税区',
      '保税港区',
      '特殊监管区域',
      '出口加工区',
      '物流园区',
      '区港联动',
      '特殊区域',
      '物流中心',
    ],
  },
  {
    id: 'processing-trade',
    labels: { 'zh-CN': '加工贸易', 'zh-TW': '加工貿易', en: 'Processing trade' },
    keywords: ['加工贸易', '单耗', '边角余料', '委内加工', '外发加工', '保税维修', '再制造'],
  },
  {
    id: 'agri-food',
    labels: { 'zh-CN': '农食产品', 'zh-TW': '農食產品', en: 'Agricultural and food products' },
    keywords: ['农食', '农产品', '食品', '水产品', '贝类', '粮食', '种球', '水果', '大米', '动植物', '鲜活'],
  },
  {
    id: 'fees',
    labels: { 'zh-CN': '收费与降费', 'zh-TW': '收費與降費', en: 'Fees and charges' },
    keywords: [
      '收费',
      '降费',
      '费用',
      '港务费',
      '引航费',
      '明码标价',
      '成本',
      '融资',
      '补贴',
      '金融服务',
      '金融机构',
    ],
  },
  {
    id: 'working-hours',
    labels: { 'zh-CN': '通关时间与"5+2"', 'zh-TW': '通關時間與"5+2"', en: 'Clearance hours and "5+2"' },
    keywords: [
      '5+2',
      '24小时',
      '7×24',
      '全天候',
      '预约通关',
      '预约加班',
      '无假日',
      '加班',
      '通关时间',
      '通关时效',
      '工作日',
    ],
  },
  {
    id: 'ipr',
    labels: { 'zh-CN': '知识产权保护', 'zh-TW': '知識產權保護', en: 'Intellectual property' },
    keywords: ['知识产权', '侵权', '自主品牌', '维权'],
  },
  {
    id: 'cross-strait',
    labels: { 'zh-CN': '两岸经贸', 'zh-TW': '兩岸經貿', en: 'Cross-strait trade' },
    keywords: ['两岸', '对台', '台湾', '海峡', '台交会', '海交会', '大三通', '海西'],
  },
  {
    id: 'regional-integration',
    labels: { 'zh-CN': '区域通关一体化', 'zh-TW': '區域通關一體化', en: 'Regional integration' },
    keywords: [
      '一体化',
      '区域',
      '跨关区',
      '属地申报',
      '口岸验放',
      '长三角',
      '珠三角',
      '双区联动',
      '直通',
      '转关',
      '联动',
    ],
  },
  {
    id: 'tax',
    labels: { 'zh-CN': '税收征管', 'zh-TW': '稅收徵管', en: 'Tax and duties' },
    keywords: [
      '税收',
      '征税',
      '缴税',
      '纳税',
      '税款',
      '税费',
      '税单',
      '税率',
      '退税',
      '减免',
      '退税',
      '汇总纳税',
      '关税',
      '审价',
      '归类',
      '原产地',
      '享惠',
    ],
  },
  {
    id: 'logistics',
    labels: {
      'zh-CN': '物流与多式联运',
      'zh-TW': '物流與多式聯運',
      en: 'Logistics and multimodal transport',
    },
    keywords: [
      '物流',
      '多式联运',
      '海铁联运',
      '中转',
      '船舶',
      '港区',
      '码头',
      '支线',
      '航空',
      '集装箱',
      '离港确认',
      '提货',
      '锂电池',
      '邮轮',
      '行李',
      '运输',
    ],
  },
  {
    id: 'enterprise-services',
    labels: { 'zh-CN': '涉企服务', 'zh-TW': '涉企服務', en: 'Services to enterprises' },
    keywords: [
      '服务',
      '咨询',
      '培训',
      '宣传',
      '走访',
      '联络员',
      '政务公开',
      '热线',
      '解读',
      '一事通办',
      '培育',
    ],
  },
  {
    id: 'monitoring',
    labels: { 'zh-CN': '监测评估与督查', 'zh-TW': '監測評估與督查', en: 'Monitoring and evaluation' },
    keywords: ['监控', '监测', '预警', '评估', '考核', '督查', '督办', '统计', '通报'],
  },
  {
    id: 'coordination',
    labels: { 'zh-CN': '协调机制', 'zh-TW': '協調機制', en: 'Coordination mechanisms' },
    keywords: ['协调', '配合', '协作', '领导小组', '联席', '机制', '合力', '组织保障'],
  },
  {
    id: 'process-reform',
    labels: {
      'zh-CN': '流程再造与通关效率',
      'zh-TW': '流程再造與通關效率',
      en: 'Process reform and clearance speed',
    },
    keywords: [
      '流程',
      '流转',
      '通关效率',
      '简化',
      '手续',
      '时限',
      '缩短',
      '压缩',
      '提速',
      '快速通关',
      '通关模式',
      '绿色通道',
      '便捷',
    ],
  },
] as const satisfies readonly Theme[];

/** The id of a theme in the vocabulary. */
export type ThemeId = (typeof THEMES_RAW)[number]['id'];

/** The vocabulary, in display order. */
export const THEMES: readonly Theme[] = THEMES_RAW;

/**
 * The keywords normalised, made on first use: nothing runs when the module loads, so a bundle that
 * only shows labels (the content script's cards) neither pays for nor carries the normaliser's
 * Traditional → Simplified tables.
 */
let normalisedKeywords: ReadonlyArray<readonly [ThemeId, readonly string[]]> | undefined;

/**
 * The themes whose keywords occur in `text` (any script), in vocabulary order. Used by the
 * corpus compiler and, for unmatched blocks, by the page layer.
 */
export function themesOf(text: string): ThemeId[] {
  const n = normalizeText(text);
  normalisedKeywords ??= THEMES_RAW.map((t) => [t.id, t.keywords.map((k) => normalizeText(k))] as const);
  return normalisedKeywords.filter(([, kws]) => kws.some((k) => n.includes(k))).map(([id]) => id);
}

/** The label of a theme in a UI language. */
export function themeLabel(id: ThemeId, lang: keyof ThemeLabels): string {
  const theme = THEMES.find((t) => t.id === id);
  return theme ? theme.labels[lang] : id;
}
