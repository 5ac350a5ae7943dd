import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';

const COLORS: Record<UnitKind, string> = {
  district: 'magenta',
  office: 'red',
  department: 'blue',
  town: 'green',
  subdistrict: 'cyan',
  community: 'gold',
  village: 'lime',
  grid: 'purple',
};

export function UnitKindTag({ kind }: { kind: UnitKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`unit.kind.${kind}`)}
    </Tag>
  );
}
