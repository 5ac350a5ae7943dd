import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue #12 item 2: the platform is the ground floor (it never imports a feature, the demo county or
// the composition root), and features plug in without import cycles between their folders, so each
// one can be read, tested and removed on its own. Tests are not scanned: they may use the whole app.

const SRC = resolve(__dirname, '..');

type Import = { file: string; target: string };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative specifiers of `from '…'`, `import '…'` and `import('…')`, outside comments. */
function relativeSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[^]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => m[1]!);
}

function imports(): Import[] {
  return sourceFiles(SRC).flatMap((p) =>
    relativeSpecifiers(readFileSync(p, 'utf8')).map((s) => ({ file: relative(SRC, p), target: relative(SRC, resolve(dirname(p), s)) })),
  );
}

/** The feature folder a path under src/ belongs to, or null (platform, demo, the composition root…). */
const featureOf = (path: string) => {
  const parts = path.split(sep);
  return parts[0] === 'features' && parts.length > 2 ? parts[1]! : null;
};

/** Strongly connected components of more than one folder (Tarjan), each a set of folders on a cycle. */
function cyclicComponents(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop()!));
      while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** One cycle through the component's first folder, e.g. [a, b, c, a]. */
function cycleIn(component: string[], edges: Map<string, Set<string>>): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const path = [start];
  const seen = new Set<string>();
  const walk = (v: string): boolean => {
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) return path.push(w) > 0;
      if (seen.has(w)) continue;
      seen.add(w);
      path.push(w);
      if (walk(w)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

describe('server imports', () => {
  const all = imports();

  it('scans the server source', () => {
    expect(all.some((i) => i.file === join('features', 'index.ts'))).toBe(true);
  });

  it('the platform never imports a feature, the demo county or the composition root', () => {
    const bad = all.filter(
      (i) =>
        i.file.startsWith(`platform${sep}`) &&
        (i.target.startsWith(`features${sep}`) || i.target === 'features' || i.target.startsWith(`demo${sep}`) || /^app(\.ts)?$/.test(i.target)),
    );
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  it('has no import cycle between feature folders', () => {
    const edges = new Map<string, Set<string>>();
    const files = new Map<string, string[]>();
    for (const i of all) {
      const from = featureOf(i.file);
      const to = featureOf(i.target);
      if (!from || !to || from === to) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
      const key = `${from} -> ${to}`;
      files.set(key, [...(files.get(key) ?? []), `${i.file} (${i.target})`]);
    }
    const cycles = cyclicComponents(edges).map((c) => {
      const cycle = cycleIn(c, edges);
      const via = cycle.slice(1).map((to, n) => `  ${cycle[n]} -> ${to}: ${files.get(`${cycle[n]} -> ${to}`)!.join(', ')}`);
      return [`cycle ${cycle.join(' -> ')} (folders on it: ${c.join(', ')})`, ...via].join('\n');
    });
    expect(cycles, cycles.join('\n\n')).toEqual([]);
  });
});
