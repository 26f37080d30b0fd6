/**
 * Policy instruments: the named reforms that recur across ports and years. Relatedness between
 * measures is judged on these, not on shared wording, so that the boilerplate every notice shares
 * (为贯彻落实…, 按职责分工负责, 进一步提升…) cannot make two measures "related", and so that the
 * card can say *why* two measures are related ("5+2", "全天候"). One instrument has several
 * surface terms: Changsha's "5+2"工作制 and Dalian's 7×24小时 "全天候" clearance are the same idea.
 * Terms are Simplified and matched on normalised text.
 */
import { normalizeText } from '../normalize.ts';

export interface Instrument {
  id: string;
  /** Short label (zh-CN) shown as the reason when no surface term is shorter. */
  label: string;
  terms: readonly string[];
}

export const INSTRUMENTS: readonly Instrument[] = [
  {
    id: 'advance-declaration',
    label: '提前申报',
    terms: ['提前申报', '提前报关', '预申报', '两步申报', '前置申报'],
  },
  {
    id: 'round-the-clock',
    label: '全天候通关',
    terms: ['5+2', '全天候', '7×24', '24小时工作制', '24小时、无假日', '无假日', '预约通关', '预约加班'],
  },
  {
    id: 'aeo-credit',
    label: 'AEO/信用管理',
    terms: [
      'aeo',
      '高级认证',
      'aa类',
      'a类企业',
      'a类、aa类',
      '守法便利',
      '联合激励',
      '信用培育',
      '信用记录',
      '企业信用',
      '分类管理',
    ],
  },
  { id: 'guarantee', label: '担保放行', terms: ['担保', '保证金', '先放后税'] },
  { id: 'single-window', label: '单一窗口', terms: ['单一窗口'] },
  { id: 'e-port', label: '电子口岸', terms: ['电子口岸', '数字口岸', '公共信息平台', '信息平台'] },
  { id: 'paperless', label: '无纸化', terms: ['无纸化', '无纸通关', '电子提单', '无纸'] },
  { id: 'departure-confirmation', label: '离港确认', terms: ['离港确认'] },
  { id: 'transit', label: '转关', terms: ['转关', '应转尽转'] },
  {
    id: 'integration',
    label: '通关一体化',
    terms: [
      '通关一体化',
      '属地申报',
      '口岸验放',
      '跨关区',
      '区港联动',
      '双区联动',
      '长三角',
      '一体化通关',
      '直通',
    ],
  },
  {
    id: 'green-channel',
    label: '绿色通道',
    terms: ['绿色通道', '快速通道', '快速通关', '便捷通关', '快速放行'],
  },
  { id: 'e-payment', label: '电子支付', terms: ['电子支付', '网上支付', '汇总纳税'] },
  { id: 'non-intrusive', label: '非侵入式查验', terms: ['非侵入', 'h986', '查验设备', '快速查验', '查验率'] },
  {
    id: 'release-first',
    label: '先放后检',
    terms: ['先放后检', '附条件提离', '抽样后即放行', '分离监管', '凭证直接放行'],
  },
  { id: 'risk', label: '风险管理', terms: ['风险分析', '风险布控', '布控', '低风险', '风险等级'] },
  { id: 'cross-border-ecommerce', label: '跨境电商', terms: ['跨境电商'] },
  { id: 'bonded-repair', label: '保税维修', terms: ['保税维修', '再制造'] },
  {
    id: 'bonded-zone',
    label: '综合保税区',
    terms: ['综合保税区', '综保区', '保税港区', '保税区', '保税物流'],
  },
  { id: 'advance-ruling', label: '预裁定', terms: ['预裁定', '预归类', '预审价'] },
  { id: 'ipr', label: '知识产权', terms: ['知识产权'] },
  { id: 'cross-strait', label: '两岸', terms: ['对台', '两岸', '台湾'] },
  { id: 'port-fees', label: '口岸收费', terms: ['收费', '降费', '港务费', '引航费'] },
  { id: 'agri-food', label: '农食产品', terms: ['农产品', '农食产品', '水果', '鲜活', '粮食', '水产品'] },
  { id: 'liaison', label: '关企联系', terms: ['联络员', '关企', '服企', '走访', '重点企业'] },
  { id: 'multimodal', label: '多式联运', terms: ['多式联运', '海铁联运', '一单制', '联程'] },
  { id: 'clearance-time', label: '通关时间', terms: ['通关时间', '通关时效', '通关效率', '通关速度'] },
  { id: 'processing-trade', label: '加工贸易', terms: ['加工贸易', '单耗'] },
  { id: 'streamlining', label: '简政放权', terms: ['简政放权', '审批时间', '简化审批', '审批手续'] },
  { id: 'one-stop', label: '一站式', terms: ['一站式', '一事通办', '一次办理', '一次申报'] },
  { id: 'cruise-baggage', label: '邮轮与行李', terms: ['邮轮', '行李'] },
  { id: 'lithium-ev', label: '新能源与锂电池', terms: ['锂电池', '新能源汽车', '新三样'] },
];

const normalisedTerms = INSTRUMENTS.map((ins) => ({ ins, terms: ins.terms.map((t) => normalizeText(t)) }));

/** Instruments found in a text: instrument id → the surface terms (as matched) that name it. */
export function instrumentsIn(normalisedText: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { ins, terms } of normalisedTerms) {
    const hits = terms.filter((t) => normalisedText.includes(t));
    if (hits.length > 0) found.set(ins.id, hits);
  }
  return found;
}
