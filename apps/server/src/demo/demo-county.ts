import type { RoleCode } from '@chuangwen/domain/auth/permissions';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';

// 示范县: a fictional county used by `npm start`, tests, screenshots and demos alike.
// Deterministic: the same tree, codes and polygons on every machine.

export const DEMO_PASSWORD = 'chuangwen2026';

export type DemoUnit = { code: string; name: string; shortName?: string; kind: UnitKind; parentCode: string | null; geometry?: PolygonGeometry };
export type DemoUser = { username: string; name: string; phone: string; unitCode: string; role: RoleCode; grantCode: string };

const COUNTY = { code: '339901', name: '示范县' };
// The county's territory: a box of 0.3° × 0.2°, towns in a 3 × 2 layout, communities 2 × 2 inside
// each town, and each community split into two grids.
const WEST = 119.6,
  SOUTH = 29.9,
  TOWN_W = 0.1,
  TOWN_H = 0.1;

const rect = (w: number, s: number, e: number, n: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ].map(([x, y]) => [round(x!), round(y!)] as [number, number]),
  ],
});
const round = (x: number) => Math.round(x * 1e6) / 1e6;

const TOWNS: { name: string; kind: 'town' | 'subdistrict'; places: string[] }[] = [
  { name: '城关街道', kind: 'subdistrict', places: ['文昌社区', '府前社区', '南门社区', '北苑社区'] },
  { name: '东城街道', kind: 'subdistrict', places: ['东湖社区', '朝阳社区', '新华社区', '和平社区'] },
  { name: '西城街道', kind: 'subdistrict', places: ['西苑社区', '锦绣社区', '滨江社区', '公园社区'] },
  { name: '青山镇', kind: 'town', places: ['青山村', '竹林村', '茶园村', '石桥村'] },
  { name: '白水镇', kind: 'town', places: ['白水村', '柳溪村', '梅岭村', '桃源村'] },
  { name: '临河镇', kind: 'town', places: ['临河社区', '渡口村', '稻香村', '荷塘村'] },
];

const DEPARTMENTS = [
  '县委宣传部',
  '县住房和城乡建设局',
  '县综合行政执法局',
  '县市场监督管理局',
  '县公安局交通警察大队',
  '县交通运输局',
  '县生态环境分局',
  '县教育局',
  '县卫生健康局',
  '县文化广电旅游体育局',
  '县民政局',
  '县自然资源和规划局',
  '县水利局',
  '县商务局',
];

export function demoUnits(): DemoUnit[] {
  const list: DemoUnit[] = [
    { code: COUNTY.code, name: COUNTY.name, kind: 'district', parentCode: null, geometry: rect(WEST, SOUTH, WEST + 3 * TOWN_W, SOUTH + 2 * TOWN_H) },
    { code: `${COUNTY.code}-WMB`, name: '县文明办（创文办）', shortName: '创文办', kind: 'office', parentCode: COUNTY.code },
  ];
  DEPARTMENTS.forEach((name, i) => list.push({ code: `${COUNTY.code}-D${String(i + 1).padStart(2, '0')}`, name, kind: 'department', parentCode: COUNTY.code }));
  TOWNS.forEach((town, ti) => {
    const code = `${COUNTY.code}${String(ti + 1).padStart(3, '0')}`;
    const w = WEST + (ti % 3) * TOWN_W,
      s = SOUTH + Math.floor(ti / 3) * TOWN_H;
    list.push({ code, name: town.name, kind: town.kind, parentCode: COUNTY.code, geometry: rect(w, s, w + TOWN_W, s + TOWN_H) });
    town.places.forEach((place, pi) => {
      const placeCode = `${code}${String(pi + 1).padStart(3, '0')}`;
      const pw = w + (pi % 2) * (TOWN_W / 2),
        ps = s + Math.floor(pi / 2) * (TOWN_H / 2);
      list.push({
        code: placeCode,
        name: place,
        kind: place.endsWith('社区') ? 'community' : 'village',
        parentCode: code,
        geometry: rect(pw, ps, pw + TOWN_W / 2, ps + TOWN_H / 2),
      });
      for (let g = 0; g < 2; g++) {
        const gs = ps + g * (TOWN_H / 4);
        list.push({
          code: `${placeCode}-G${g + 1}`,
          name: `${place}第${g + 1}网格`,
          kind: 'grid',
          parentCode: placeCode,
          geometry: rect(pw, gs, pw + TOWN_W / 2, gs + TOWN_H / 4),
        });
      }
    });
  });
  return list;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', name: '王建华', phone: '13800000001', unitCode: `${COUNTY.code}-WMB`, role: 'officeAdmin', grantCode: COUNTY.code },
  { username: 'leader', name: '陈志明', phone: '13800000002', unitCode: COUNTY.code, role: 'leader', grantCode: COUNTY.code },
  { username: 'inspector', name: '刘晓东', phone: '13800000003', unitCode: `${COUNTY.code}-WMB`, role: 'inspector', grantCode: COUNTY.code },
  { username: 'manager', name: '孙丽', phone: '13800000004', unitCode: `${COUNTY.code}001`, role: 'unitManager', grantCode: `${COUNTY.code}001` },
  { username: 'handler', name: '周强', phone: '13800000005', unitCode: `${COUNTY.code}-D03`, role: 'unitHandler', grantCode: `${COUNTY.code}-D03` },
  { username: 'grid', name: '吴敏', phone: '13800000006', unitCode: `${COUNTY.code}001001-G1`, role: 'gridWorker', grantCode: `${COUNTY.code}001001` },
];
