import { PUBLIC_STAGE_LABELS, type PublicStage } from '@chuangwen/domain/citizens/citizen.public';

// The citizens' page carries its own small dictionary (no i18next: it must stay light).
// zh-CN first; English by the switch in the header (remembered in localStorage).

export type Lang = 'zh-CN' | 'en';

const zh = {
  title: '随手拍 · 文明城市共建',
  'tab.report': '随手拍',
  'tab.track': '查进度',
  'tab.nearby': '附近',
  'tab.exposure': '曝光台',
  'report.category': '问题类别',
  'report.categoryPick': '请选择问题类别',
  'report.search': '搜索类别，如“垃圾”',
  'report.where': '位置',
  'report.mapHint': '在地图上点选问题位置',
  'report.mapOpen': '轻触打开地图',
  'report.gps': '使用当前位置',
  'report.gpsFailed': '无法获取当前位置，请在地图上点选',
  'report.address': '位置说明（选填，如门牌、地标）',
  'report.description': '问题描述',
  'report.descriptionHint': '请描述您看到的问题（最多 2000 字）',
  'report.photos': '照片（最多 3 张）',
  'report.addPhoto': '添加照片',
  'report.removePhoto': '删除',
  'report.contact': '联系方式（选填，仅工作人员可见，不会公开）',
  'report.name': '称呼',
  'report.phone': '手机号',
  'report.submit': '提交',
  'report.missing': '请选择类别、位置并填写描述',
  'confirm.title': '已收到您的举报',
  'confirm.code': '您的跟踪码',
  'confirm.keep': '请保存跟踪码，凭它查询处理进度。',
  'confirm.pending': '正在发送…网络不佳时会自动重试，请勿关闭本页。',
  'confirm.sent': '已送达，工作人员将尽快审核。',
  'confirm.failed': '提交未被受理：',
  'confirm.another': '再拍一件',
  'confirm.track': '查看进度',
  'track.code': '跟踪码',
  'track.lookup': '查询',
  'track.notFound': '未找到该跟踪码，请核对后重试',
  'track.mine': '我提交的举报',
  'track.pendingUpload': '待发送',
  'track.timeline': '处理进度',
  'track.after': '整改后照片',
  'track.duplicateOf': '已并入问题',
  'nearby.title': '附近 1 公里内近期公开的举报',
  'nearby.locate': '定位并查看附近',
  'nearby.none': '附近暂无公开的举报',
  'nearby.more': '加载更多',
  'nearby.away': '约 {m} 米',
  'exposure.title': '曝光台',
  'exposure.all': '全部',
  'exposure.none': '暂无曝光内容',
  'exposure.more': '加载更多',
  'error.network': '网络不可用，请稍后重试',
  'error.generic': '出错了，请稍后重试',
  lang: 'English',
};
const en: Record<keyof typeof zh, string> = {
  title: 'Report it · Civilized city',
  'tab.report': 'Report',
  'tab.track': 'Track',
  'tab.nearby': 'Nearby',
  'tab.exposure': 'Exposure',
  'report.category': 'Category',
  'report.categoryPick': 'Choose a category',
  'report.search': 'Search, e.g. “garbage”',
  'report.where': 'Location',
  'report.mapHint': 'Tap the map where the problem is',
  'report.mapOpen': 'Tap to open the map',
  'report.gps': 'Use my location',
  'report.gpsFailed': 'Location unavailable; tap the map instead',
  'report.address': 'Where exactly (optional: number, landmark)',
  'report.description': 'Description',
  'report.descriptionHint': 'Describe what you see (up to 2000 characters)',
  'report.photos': 'Photos (up to 3)',
  'report.addPhoto': 'Add photo',
  'report.removePhoto': 'Remove',
  'report.contact': 'Contact (optional, seen by staff only, never public)',
  'report.name': 'Name',
  'report.phone': 'Phone',
  'report.submit': 'Submit',
  'report.missing': 'Choose a category and a location and describe the problem',
  'confirm.title': 'Report received',
  'confirm.code': 'Your tracking code',
  'confirm.keep': 'Keep this code to follow your report.',
  'confirm.pending': 'Sending… retries automatically on a bad connection; keep this page open.',
  'confirm.sent': 'Delivered; staff will review it soon.',
  'confirm.failed': 'The report was refused: ',
  'confirm.another': 'Report another',
  'confirm.track': 'Track it',
  'track.code': 'Tracking code',
  'track.lookup': 'Look up',
  'track.notFound': 'No report with this code; check it and try again',
  'track.mine': 'My reports',
  'track.pendingUpload': 'waiting to send',
  'track.timeline': 'Progress',
  'track.after': 'After the fix',
  'track.duplicateOf': 'Merged into case',
  'nearby.title': 'Recent public reports within 1 km',
  'nearby.locate': 'Locate me and show nearby',
  'nearby.none': 'No public reports nearby',
  'nearby.more': 'Load more',
  'nearby.away': '≈ {m} m away',
  'exposure.title': 'Exposure board',
  'exposure.all': 'All',
  'exposure.none': 'Nothing published yet',
  'exposure.more': 'Load more',
  'error.network': 'No network; try again later',
  'error.generic': 'Something went wrong; try again later',
  lang: '中文',
};

export type TextKey = keyof typeof zh;
const dictionaries: Record<Lang, Record<TextKey, string>> = { 'zh-CN': zh, en };

export function initialLang(): Lang {
  try {
    return localStorage.getItem('cw.language') === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function translator(lang: Lang) {
  return (key: TextKey, params: Record<string, string | number> = {}) =>
    dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
export type T = ReturnType<typeof translator>;

export const stageLabel = (lang: Lang, stage: PublicStage) => PUBLIC_STAGE_LABELS[lang][stage];

export function formatTime(lang: Lang, iso: string): string {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
