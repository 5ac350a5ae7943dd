// The default work-summary (工作总结) template: DATA, not code. Each section's text carries
// placeholders filled with the period's figures (summary.service.ts; the list is SUMMARY_PLACEHOLDERS
// in the domain package). An office edits the filled draft before download; the wording follows the
// county half-year reports offices write today ("今年以来共计组织文明城市创建督查6次，发现问题178项…").
//
// `requires`: the section needs figures that may be missing (no inspections feature data, no
// published framework, no gaps); then `fallback` is used, or the section is left out when it has none.
// This is the FIRST version of each office's stored template (template.service.ts): offices edit
// their copy in the database; the placeholders and their checks live in the domain package.

import type { SummaryTemplate } from '@chuangwen/domain/templates/summary.template';

export type { SummarySectionTemplate, SummaryTemplate } from '@chuangwen/domain/templates/summary.template';

export const DEFAULT_SUMMARY_TEMPLATE: SummaryTemplate = {
  title: '{periodLabel}创建文明城市工作总结',
  sections: [
    {
      key: 'overview',
      heading: '一、总体情况',
      text: '{periodLabel}，我县坚持以创建文明城市统揽城市工作全局，对照测评体系逐项查找问题和差距，落实整改措施，创建工作有序推进。',
    },
    {
      key: 'inspections',
      heading: '二、督查整改情况',
      text: '今年以来共计组织文明城市创建督查{inspections}次，发现问题{casesFound}项，已整改{casesClosed}项，整改率{closureRate}，按期整改率{onTimeRate}。目前仍在整改的问题{openCases}项，其中超期{overdueCases}项。',
      requires: ['inspections'],
      fallback:
        '今年以来共计发现问题{casesFound}项，已整改{casesClosed}项，整改率{closureRate}，按期整改率{onTimeRate}。目前仍在整改的问题{openCases}项，其中超期{overdueCases}项。',
    },
    {
      key: 'framework',
      heading: '三、测评体系达标情况',
      text: '对照《{frameworkName}》，{criteriaCount}项测评标准预计得分{projectedScore}分（满分{totalPoints}分），得分率{scoreRate}，失分{lostPoints}分。',
      requires: ['framework'],
    },
    {
      key: 'gaps',
      heading: '四、存在的主要差距',
      text: '失分较多的测评标准有：{topGaps}。各牵头单位要按照“谁丢分谁负责”的原则，逐项制定整改措施。',
      requires: ['framework', 'gaps'],
    },
    {
      key: 'ranking',
      heading: '五、单位考核排名',
      text: '按照综合得分，{redList}排名靠前；{blackList}排名靠后，需加大整改力度。各单位考核情况见下表。',
      requires: ['ranking'],
      fallback: '本期暂无可排名的单位。',
    },
    {
      key: 'next',
      heading: '六、下步工作打算',
      text: '下一步，我们将突出重点，狠抓薄弱环节，做到薄弱项目少失分、一般项目不失分、优势项目得加分，确保创建目标的实现。',
    },
  ],
};
