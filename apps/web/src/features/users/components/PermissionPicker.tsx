import { Checkbox, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PERMISSIONS, permissionGroups } from '@chuangwen/domain/auth/permissions';

type Props = {
  /** Set by antd's Form.Item. */
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Permissions the editor holds; others cannot be ticked (the server would refuse them). */
  held: ReadonlySet<string>;
  /** Read-only: only the groups and permissions the role has, not editable (system roles). */
  readOnly?: boolean;
};

const GROUPS = permissionGroups();

/** Permissions in the order of the domain table, so a saved role reads the same way everywhere. */
function inTableOrder(permissions: Iterable<string>): string[] {
  const chosen = new Set(permissions);
  return PERMISSIONS.filter((p) => chosen.has(p));
}

/** The permission table as checkbox groups by module (the part before the dot), labels from the domain. */
export function PermissionPicker({ value = [], onChange, held, readOnly = false }: Props) {
  const { t } = useTranslation();
  const chosen = new Set(value);
  const set = (next: Set<string>) => onChange?.(inTableOrder(next));

  return (
    <div className="cw-permission-picker" data-testid="role-permissions">
      {GROUPS.map(({ group, permissions }) => {
        const shown = readOnly ? permissions.filter((p) => chosen.has(p)) : permissions;
        if (shown.length === 0) return null;
        const selectable = permissions.filter((p) => held.has(p));
        const ticked = permissions.filter((p) => chosen.has(p));
        const allTicked = selectable.length > 0 && selectable.every((p) => chosen.has(p));
        return (
          <fieldset key={group} style={{ border: 0, margin: '0 0 12px', padding: 0 }} data-testid={`role-group-${group}`}>
            <legend style={{ fontSize: 14, marginBottom: 4 }}>
              {readOnly ? (
                <Typography.Text strong>{t(`permissionGroup.${group}`)}</Typography.Text>
              ) : (
                <Checkbox
                  checked={allTicked}
                  indeterminate={ticked.length > 0 && !allTicked}
                  disabled={selectable.length === 0}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    for (const p of selectable) {
                      if (e.target.checked) next.add(p);
                      else next.delete(p);
                    }
                    set(next);
                  }}
                >
                  <Typography.Text strong>{t(`permissionGroup.${group}`)}</Typography.Text>
                </Checkbox>
              )}
            </legend>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', paddingLeft: 24 }}>
              {shown.map((p) => {
                const notHeld = !held.has(p);
                const box = (
                  <Checkbox
                    key={p}
                    checked={chosen.has(p)}
                    disabled={readOnly || (notHeld && !chosen.has(p))}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(p);
                      else next.delete(p);
                      set(next);
                    }}
                  >
                    <span data-testid={`role-perm-${p}`} title={p}>
                      {t(`permission.${p}`)}
                    </span>
                  </Checkbox>
                );
                return notHeld && !readOnly ? (
                  <Tooltip key={p} title={t('roles.notHeld')}>
                    <span>{box}</span>
                  </Tooltip>
                ) : (
                  box
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
