import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, SYSTEM_ROLES } from '@chuangwen/domain/auth/permissions';

// Each feature lists its permissions in <feature>/<feature>.permissions.ts; the table composes them.
describe('the permission table', () => {
  it('holds every code once', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it("composes every feature's list (a new list that is not spread into PERMISSIONS is caught here)", async () => {
    const root = path.resolve(__dirname, '../../../../../packages/domain/src');
    const files = fs.readdirSync(root).flatMap((dir) => {
      const full = path.join(root, dir);
      return fs.statSync(full).isDirectory()
        ? fs
            .readdirSync(full)
            .filter((f) => f.endsWith('.permissions.ts'))
            .map((f) => path.join(full, f))
        : [];
    });
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const lists = Object.values((await import(file)) as Record<string, readonly string[]>);
      for (const list of lists) for (const code of list) expect(PERMISSIONS, `${path.basename(file)}: ${code}`).toContain(code);
    }
  });

  it('gives system roles only known permissions', () => {
    for (const [role, permissions] of Object.entries(SYSTEM_ROLES)) for (const p of permissions) expect(PERMISSIONS, role).toContain(p);
  });
});
