import { useMemo } from 'react';
import type { Unit } from '@chuangwen/domain/units/unit.schemas';
import { useRequest } from '../../lib/useRequest';
import { listUnits } from './api';
import { buildUnitTree, toTreeSelectData, type UnitTreeNode, type UnitTreeSelectNode } from './tree';

export type UnitTreeState = {
  units: Unit[];
  byId: Map<number, Unit>;
  tree: UnitTreeNode[];
  selectData: UnitTreeSelectNode[];
  loading: boolean;
  error: unknown;
  reload: () => void;
};

/** Every unit in the caller's scope, as list, index, tree and TreeSelect data. */
export function useUnitTree(enabled = true): UnitTreeState {
  const { data, loading, error, reload } = useRequest((signal) => listUnits({}, signal), 'units', enabled);
  return useMemo(() => {
    const units = data?.items ?? [];
    const tree = buildUnitTree(units);
    return {
      units,
      byId: new Map(units.map((u) => [u.id, u])),
      tree,
      selectData: toTreeSelectData(tree),
      loading,
      error,
      reload,
    };
  }, [data, loading, error, reload]);
}
