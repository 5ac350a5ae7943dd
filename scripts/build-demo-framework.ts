// Builds the demo county's evaluation framework from the public reference tree:
//   npx tsx scripts/build-demo-framework.ts [path/to/framework-reference.json]
// and writes apps/server/src/demo/data/framework-demo.json in the framework interchange format.
//
// The reference (the national framework as one district used it in 2017) gives areas, indicators
// and items with methods, site checks and survey questions, but no points. So:
// - each item becomes one criterion per evaluation method it lists (materials, report, site,
//   simulation, survey — in that order), with a requirement text built from the item's summary,
//   checks, thresholds and survey questions: 128 basic criteria;
// - three featured criteria (特色指标) follow: the reference's 荣誉称号 rule plus two invented ones;
// - POINTS ARE ILLUSTRATIVE: the national annual test's split (documents 40, site visits 40,
//   surveys 20) is spread evenly over the criteria of each group in steps of 0.1 point; the tenths
//   that do not divide evenly go one each to the first criteria in tree order. Basic criteria total
//   exactly 100; featured criteria add 4 + 3 + 3;
// - the safety and food/drug criteria judged by the departments carry the veto (一票否决) of the
//   national rules (a major accident within 12 months bars application).
// Deterministic: the same reference file always gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import {
  FRAMEWORK_FORMAT,
  FRAMEWORK_FORMAT_VERSION,
  type EvaluationMethod,
  type EvidenceRequirement,
  type FrameworkDocument,
  type FrameworkNode,
  type SiteType,
} from '@chuangwen/domain/framework/framework.schemas';
import { formatPoints, pointsToHundredths } from '@chuangwen/domain/framework/framework.points';
import { validateFrameworkDocument } from '@chuangwen/domain/framework/framework.tree';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const referencePath = path.resolve(process.argv[2] ?? path.join(root, '../shared/domain/framework-reference.json'));
const outputPath = path.join(root, 'apps/server/src/demo/data/framework-demo.json');

type FieldCheck = { siteTypes: string[]; checks: string[] };
type RefItem = {
  code: string;
  name: string;
  requirement_summary?: string;
  methods: string[];
  field_checks?: FieldCheck[];
  survey_items?: string[];
  thresholds?: Record<string, string>;
  grading_tiers?: string[];
  note?: string;
};
type RefIndicator = { code: string; name: string; children?: RefItem[]; requirement_summary?: string };
type RefArea = { code: string; name: string; children?: RefIndicator[] };
type Reference = { about: string; framework: RefArea[] };

const METHOD_OF: Record<string, EvaluationMethod> = {
  '网上申报/材料审核': 'materials',
  实地考察: 'site',
  问卷调查: 'survey',
  '实地考察-实景模拟验证(拨打电话)': 'simulation',
  市文明办征求主管部门意见作出评价: 'report',
};
const METHOD_ORDER: EvaluationMethod[] = ['materials', 'report', 'site', 'simulation', 'survey'];
const METHOD_NAME: Record<EvaluationMethod, string> = {
  materials: '材料审核',
  report: '部门评价',
  site: '实地考察',
  simulation: '实景模拟',
  survey: '问卷调查',
  online: '网络调查',
};
/** Point pools in tenths: documents 40, site visits 40, surveys 20 (national annual test). */
const POOLS: { methods: EvaluationMethod[]; tenths: number }[] = [
  { methods: ['materials', 'report'], tenths: 400 },
  { methods: ['site', 'simulation'], tenths: 400 },
  { methods: ['survey', 'online'], tenths: 200 },
];

/** Reference site names → the 26 site types of the 2021 manual; null = no site type (e.g. hotlines). */
const SITE_TYPE_OF: Record<string, SiteType | null> = {
  主次干道: 'mainRoad',
  主干道: 'mainRoad',
  政务大厅: 'governmentServiceHall',
  出入境办证大厅: 'governmentServiceHall',
  城市社区: 'community',
  社区: 'community',
  新建社区: 'community',
  商场超市: 'mallSupermarket',
  超市: 'mallSupermarket',
  集贸市场: 'farmersMarket',
  商业大街: 'commercialStreet',
  商业街区: 'commercialStreet',
  公共广场: 'publicSquare',
  文体广场: 'publicSquare',
  城市二类及以上避难场所: 'publicSquare',
  公交车站: 'busStop',
  公交站点: 'busStop',
  长途汽车站: 'serviceWindow',
  医院: 'hospital',
  社区卫生服务机构: 'hospital',
  宾馆饭店: 'hotel',
  宾馆: 'hotel',
  饭店: 'hotel',
  中小学校: 'school',
  公园景区: 'park',
  公园: 'park',
  景区: 'scenicSpot',
  建成区景点景区: 'scenicSpot',
  窗口单位: 'serviceWindow',
  '营业厅(邮政/移动/电信/联通)': 'serviceWindow',
  旅行社: 'serviceWindow',
  旅游集散中心: 'serviceWindow',
  银行网点: 'bankBranch',
  青少年课外活动中心: 'culturalFacility',
  爱国主义教育基地: 'culturalFacility',
  街道综合文化站: 'culturalFacility',
  社区综合文化服务中心: 'culturalFacility',
  建成区古遗址: 'culturalFacility',
  古建筑: 'culturalFacility',
  近现代历史建筑: 'culturalFacility',
  '文化馆/博物馆/纪念馆/少年宫(从申报点位中抽选一处)': 'culturalFacility',
  公共图书馆: 'culturalFacility',
  公共博物馆: 'culturalFacility',
  公共美术馆: 'culturalFacility',
  群艺馆: 'culturalFacility',
  '文化馆(站)': 'culturalFacility',
  科技馆: 'culturalFacility',
  影剧院: 'culturalFacility',
  图书馆: 'culturalFacility',
  纪念馆: 'culturalFacility',
  博物馆: 'culturalFacility',
  建筑工地围挡: 'constructionSite',
  '主要交通路口(高峰期)': 'majorIntersection',
  主要交通路口: 'majorIntersection',
  公交车: 'bus',
  地铁: 'bus',
  室外公共厕所: 'publicToilet',
  建成区背街小巷: 'backStreet',
  街道: 'township',
  建成区: null,
};
const isHotline = (siteName: string) => siteName.includes('电话');
/** Park-and-scenic-area sites count as both types. */
const EXTRA_SITE_TYPES: Record<string, SiteType[]> = { 公园景区: ['scenicSpot'] };

const MATERIALS_EVIDENCE: EvidenceRequirement[] = [
  { kind: 'document', description: '规范文件：相关制度、实施方案、工作通知等' },
  { kind: 'narrative', description: '说明报告：工作开展情况及成效，约800字' },
  { kind: 'photo', description: '实景图片：注明时间、地点和活动名称，每项活动不超过3张', maxCount: 12 },
];

const VETO: Record<string, string> = {
  'Ⅲ-68': '申报前12个月内发生有全国影响的重大安全事故的，一票否决。',
  'Ⅲ-65': '申报前12个月内发生有全国影响的重大食品药品安全事故的，一票否决。',
};

const warnings = new Set<string>();
const join = (list: readonly string[], sep = '；') =>
  list
    .map((s) => s.trim())
    .filter(Boolean)
    .join(sep);
const thresholdText = (item: RefItem) => {
  const parts: string[] = [];
  if (item.thresholds) parts.push('指标要求：' + join(Object.entries(item.thresholds).map(([k, v]) => `${k} ${v}`)));
  if (item.grading_tiers) parts.push('分档：' + item.grading_tiers.join(' / '));
  return parts.join('。');
};
const sentence = (...parts: string[]) =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/[。．.！？]$/.test(p) ? p : `${p}。`))
    .join('');

function siteTypesOf(names: readonly string[]): SiteType[] {
  const types = new Set<SiteType>();
  for (const name of names) {
    if (!(name in SITE_TYPE_OF)) {
      warnings.add(`unmapped site name: ${name}`);
      continue;
    }
    const type = SITE_TYPE_OF[name];
    if (type) types.add(type);
    for (const extra of EXTRA_SITE_TYPES[name] ?? []) types.add(extra);
  }
  return [...types].sort();
}

type Draft = Extract<FrameworkNode, { level: 'criterion' }>;

function criteriaOf(item: RefItem): Draft[] {
  const methods = [
    ...new Set(
      item.methods.map((m) => {
        const method = METHOD_OF[m];
        if (!method) throw new Error(`${item.code}: unknown method ${m}`);
        return method;
      }),
    ),
  ].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
  const checks = item.field_checks ?? [];
  const siteChecks = checks.filter((c) => !c.siteTypes.every(isHotline));
  const hotlineChecks = checks.filter((c) => c.siteTypes.every(isHotline));
  const summary = item.requirement_summary ? `要点（参考资料转述）：${item.requirement_summary}` : '';

  return methods.map((method, i): Draft => {
    let requirement: string;
    let siteTypes: SiteType[] = [];
    let evidence: EvidenceRequirement[] = [];
    switch (method) {
      case 'materials':
        requirement = sentence(`围绕“${item.name}”报送制度文件、工作方案和落实情况`, summary, thresholdText(item));
        evidence = item.thresholds
          ? [...MATERIALS_EVIDENCE, { kind: 'table', description: `统计表格：${Object.keys(item.thresholds).join('、')}` }]
          : MATERIALS_EVIDENCE;
        break;
      case 'report':
        requirement = sentence(
          `县文明办征求主管部门意见，对“${item.name}”作出评价`,
          thresholdText(item),
          summary && !methods.includes('materials') ? summary : '',
        );
        evidence = [{ kind: 'table', description: '统计表格：主管部门提供的年度数据及口径说明' }];
        break;
      case 'site': {
        const names = siteChecks.flatMap((c) => c.siteTypes);
        siteTypes = siteTypesOf(names);
        requirement = siteChecks.length
          ? sentence(...siteChecks.map((c) => `实地考察（${c.siteTypes.join('、')}）：${join(c.checks)}`))
          : sentence(`实地考察“${item.name}”落实情况`, summary);
        break;
      }
      case 'simulation':
        requirement = sentence(
          ...(hotlineChecks.length
            ? hotlineChecks.map((c) => `实景模拟：工作时间拨打${c.siteTypes.map((n) => n.replace(/\(.*\)$/, '')).join('、')}，${join(c.checks)}`)
            : [`实景模拟验证“${item.name}”`]),
        );
        break;
      case 'survey':
        requirement = item.survey_items?.length
          ? sentence(
              `问卷调查：${join(item.survey_items).replaceAll('本区', '本县')}`,
              item.grading_tiers && !methods.includes('report') ? `分档：${item.grading_tiers.join(' / ')}` : '',
            )
          : sentence(`问卷调查：群众对“${item.name}”的知晓和满意情况`);
        break;
      default:
        throw new Error(`unexpected method ${method}`);
    }
    const veto = method === 'report' ? VETO[item.code] : undefined;
    return {
      code: `${item.code}-${i + 1}`,
      parentCode: item.code,
      level: 'criterion',
      name: `${item.name}（${METHOD_NAME[method]}）`,
      sortOrder: (i + 1) * 10,
      points: '0', // set below
      methods: [method],
      siteTypes,
      isVeto: veto !== undefined,
      isNegativeList: veto !== undefined,
      isFeatured: false,
      requirement: veto ? sentence(requirement, veto) : requirement,
      evidence,
    };
  });
}

function featured(): FrameworkNode[] {
  const area = 'TS';
  const indicator = 'TS-1';
  const nodes: FrameworkNode[] = [
    { code: area, parentCode: null, level: 'area', name: '特色指标', sortOrder: 1000, points: null, description: '特色指标，在基本指标100分之外加分（演示）' },
    { code: indicator, parentCode: area, level: 'indicator', name: '特色创建', sortOrder: 10, points: null, description: null },
  ];
  const entries: { name: string; points: string; methods: EvaluationMethod[]; siteTypes: SiteType[]; requirement: string; evidence: EvidenceRequirement[] }[] =
    [
      {
        name: '获得国家、有关部委的荣誉称号',
        points: '4',
        methods: ['materials'],
        siteTypes: [],
        requirement: '每获得一项有效的国家级或部委荣誉称号得1分，4项及以上得4分（参考资料所载规则）。',
        evidence: [
          { kind: 'document', description: '规范文件：荣誉称号命名文件或证书' },
          { kind: 'photo', description: '实景图片：证书、牌匾照片', maxCount: 4 },
        ],
      },
      {
        name: '新时代文明实践中心建设特色鲜明',
        points: '3',
        methods: ['materials', 'site'],
        siteTypes: ['civilizationPracticeCenter'],
        requirement: '县、乡镇（街道）、村（社区）三级文明实践阵地常态运行，志愿服务项目有品牌、有成效（演示用特色指标，内容为示意）。',
        evidence: [MATERIALS_EVIDENCE[1]!, MATERIALS_EVIDENCE[2]!],
      },
      {
        name: '数字化创文长效管理创新',
        points: '3',
        methods: ['materials'],
        siteTypes: [],
        requirement: '运用信息化平台实现问题发现、交办、整改、核查闭环管理，按期结案率有数据支撑（演示用特色指标，内容为示意）。',
        evidence: [MATERIALS_EVIDENCE[1]!, { kind: 'table', description: '统计表格：问题交办与整改台账' }],
      },
    ];
  entries.forEach((entry, i) => {
    const item = `${indicator}-${i + 1}`;
    nodes.push({ code: item, parentCode: indicator, level: 'item', name: entry.name, sortOrder: (i + 1) * 10, points: null, description: null });
    nodes.push({
      code: `${item}-1`,
      parentCode: item,
      level: 'criterion',
      name: entry.name,
      sortOrder: 10,
      points: entry.points,
      methods: entry.methods,
      siteTypes: entry.siteTypes,
      isVeto: false,
      isNegativeList: false,
      isFeatured: true,
      requirement: entry.requirement,
      evidence: entry.evidence,
    });
  });
  return nodes;
}

function buildDemoFramework(reference: Reference): FrameworkDocument {
  const nodes: FrameworkNode[] = [];
  const basic: Draft[] = [];
  reference.framework.forEach((area, a) => {
    const indicators = (area.children ?? []).filter((indicator) => (indicator.children ?? []).length > 0);
    if (indicators.length === 0) return; // e.g. Ⅰ-8 (absent from the source), 荣誉称号 (a featured rule)
    nodes.push({ code: area.code, parentCode: null, level: 'area', name: area.name, sortOrder: (a + 1) * 10, points: null, description: null });
    indicators.forEach((indicator, b) => {
      nodes.push({
        code: indicator.code,
        parentCode: area.code,
        level: 'indicator',
        name: indicator.name,
        sortOrder: (b + 1) * 10,
        points: null,
        description: null,
      });
      (indicator.children ?? []).forEach((item, c) => {
        nodes.push({
          code: item.code,
          parentCode: indicator.code,
          level: 'item',
          name: item.name,
          sortOrder: (c + 1) * 10,
          points: null,
          description: item.note ?? null,
        });
        for (const criterion of criteriaOf(item)) {
          nodes.push(criterion);
          basic.push(criterion);
        }
      });
    });
  });

  // Illustrative points: each pool spread evenly in tenths over its criteria, in tree order.
  for (const pool of POOLS) {
    const members = basic.filter((c) => pool.methods.includes(c.methods[0]!));
    const each = Math.floor(pool.tenths / members.length);
    const extra = pool.tenths % members.length;
    members.forEach((c, i) => {
      c.points = formatPoints((each + (i < extra ? 1 : 0)) * 10);
    });
  }
  nodes.push(...featured());

  // Group points = the sum of the criteria below, so the tree shows them and validation checks them.
  const sums = new Map<string, number>();
  const parentOf = new Map(nodes.map((n) => [n.code, n.parentCode] as const));
  for (const node of nodes) {
    if (node.level !== 'criterion') continue;
    const hundredths = pointsToHundredths(node.points);
    for (let up: string | null | undefined = node.parentCode; up; up = parentOf.get(up)) sums.set(up, (sums.get(up) ?? 0) + hundredths);
  }
  let total = 0;
  for (const node of nodes) {
    if (node.level === 'criterion') total += pointsToHundredths(node.points);
    else node.points = formatPoints(sums.get(node.code) ?? 0);
  }

  return {
    format: FRAMEWORK_FORMAT,
    formatVersion: FRAMEWORK_FORMAT_VERSION,
    framework: {
      code: 'demo-county',
      name: '示范县创建文明城市测评体系（演示，分值为示意）',
      edition: '2026演示版',
      status: 'published',
      totalPoints: formatPoints(total),
      pointsAreIllustrative: true,
      description:
        '由公开参考资料中的全国文明城市测评体系（某区2017年使用版本）生成：每个测评内容按测评方法拆分为测评标准，共128项基本指标和3项特色指标。' +
        '分值为示意：按年度测评“材料40分、实地考察40分、问卷调查20分”的比例平均分配到各方法的测评标准（0.1分为单位），基本指标合计100分，特色指标另计10分。' +
        '公开资料没有逐项分值，请勿将示意分值当作官方分值。',
      // In Chinese: the source reaches people (the framework page, its Excel export).
      source: '公开参考资料：全国文明城市测评体系（某区2017年使用版本，12个测评项目、38个测评指标、83个测评内容），测评要求为转述，分值不公开。',
    },
    nodes,
  };
}

function main() {
  const reference = JSON.parse(fs.readFileSync(referencePath, 'utf8')) as Reference;
  const document = buildDemoFramework(reference);
  const validation = validateFrameworkDocument(document);
  if (!validation.ok) {
    console.error('The generated framework does not validate:', JSON.stringify(validation.errors.slice(0, 20), null, 2));
    process.exit(1);
  }
  for (const warning of warnings) console.warn(warning);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  fs.writeFileSync(outputPath, JSON.stringify(document, null, 2) + '\n');
  const criteria = document.nodes.filter((n) => n.level === 'criterion');
  const basicCount = criteria.filter((c) => !c.isFeatured).length;
  console.log(
    `wrote ${path.relative(root, outputPath)}: ${document.nodes.length} nodes, ${basicCount} basic + ${criteria.length - basicCount} featured criteria, ` +
      `${criteria.filter((c) => c.isVeto).length} veto, total ${document.framework.totalPoints} points (illustrative)`,
  );
}

main();
