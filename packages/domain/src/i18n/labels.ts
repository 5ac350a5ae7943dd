import type { Permission, RoleCode } from '../auth/permissions';
import type { UnitKind } from '../units/unit.kinds';

// Domain labels shared by the web app (i18next resources) and server-side documents (Excel).
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const UNIT_KIND_LABELS: Labels<UnitKind> = {
  'zh-CN': {
    district: '区/县',
    office: '创文办',
    department: '职能部门',
    town: '镇',
    subdistrict: '街道',
    community: '社区',
    village: '村',
    grid: '网格',
  },
  en: {
    district: 'District / county',
    office: 'Civilization office',
    department: 'Department',
    town: 'Town',
    subdistrict: 'Subdistrict',
    community: 'Community',
    village: 'Village',
    grid: 'Grid',
  },
};

export const ROLE_LABELS: Labels<RoleCode> = {
  'zh-CN': {
    officeAdmin: '创文办管理员',
    leader: '领导',
    inspector: '督查员',
    unitManager: '单位负责人',
    unitHandler: '经办人',
    gridWorker: '网格员',
  },
  en: {
    officeAdmin: 'Office admin',
    leader: 'Leader',
    inspector: 'Inspector',
    unitManager: 'Unit manager',
    unitHandler: 'Unit handler',
    gridWorker: 'Grid worker',
  },
};

export const PERMISSION_LABELS: Labels<Permission> = {
  'zh-CN': {
    'unit.view': '查看单位',
    'unit.manage': '管理单位',
    'user.view': '查看用户',
    'user.manage': '管理用户',
    'audit.view': '查看操作日志',
  },
  en: {
    'unit.view': 'View units',
    'unit.manage': 'Manage units',
    'user.view': 'View users',
    'user.manage': 'Manage users',
    'audit.view': 'View audit trail',
  },
};

/** Reverse lookup used by imports, which accept either language's label or the code. */
export function unitKindFromLabel(label: string): UnitKind | null {
  const wanted = label.trim();
  for (const locale of LOCALES) {
    for (const [kind, text] of Object.entries(UNIT_KIND_LABELS[locale])) {
      if (text === wanted || kind === wanted) return kind as UnitKind;
    }
  }
  return null;
}
