// Seeded random sampling of sites for a round. Deterministic: the same candidates (in any order)
// and the same seed always give the same sample, so an office can publish the seed and anyone can
// re-draw the list. Candidates are sorted by id first; the generator is mulberry32 seeded with a
// 32-bit FNV-1a hash of the seed text; the draw is a partial Fisher–Yates shuffle.

export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-distributed 32-bit generator; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator for a text seed (a round's published sampling seed). */
export function seededRandom(seed: string): () => number {
  return mulberry32(hashSeed(seed));
}

/** `size` distinct ids drawn from `ids` (all of them, shuffled, when there are fewer). */
export function sampleIds(ids: readonly number[], size: number, seed: string): number[] {
  const pool = [...new Set(ids)].sort((a, b) => a - b);
  const random = seededRandom(seed);
  const n = Math.min(Math.max(0, Math.floor(size)), pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

export type SampleCandidate<T extends string> = { id: number; siteType: T; townId: number | null };
export type SampleTeam = { id: number; townIds: readonly number[] };

/**
 * The round's sample: per site type, `sizePerType` sites drawn with the seed (the type is mixed into
 * the seed so types do not share a sequence). Each drawn site goes to the team bound to its town;
 * when several teams share a town, the one with the fewest sites so far (then the lowest id) takes
 * it. Sites in no team's town are not drawn: a team only works the towns it is bound to.
 */
export function drawSample<T extends string>(
  candidates: readonly SampleCandidate<T>[],
  siteTypes: readonly T[],
  sizePerType: number,
  teams: readonly SampleTeam[],
  seed: string,
): { siteId: number; teamId: number }[] {
  const covered = new Set(teams.flatMap((t) => t.townIds));
  const load = new Map(teams.map((t) => [t.id, 0]));
  const out: { siteId: number; teamId: number }[] = [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  for (const type of [...new Set(siteTypes)].sort()) {
    const ids = candidates.filter((c) => c.siteType === type && c.townId !== null && covered.has(c.townId)).map((c) => c.id);
    for (const siteId of sampleIds(ids, sizePerType, `${seed}|${type}`).sort((a, b) => a - b)) {
      const town = byId.get(siteId)!.townId!;
      const team = teams.filter((t) => t.townIds.includes(town)).sort((a, b) => load.get(a.id)! - load.get(b.id)! || a.id - b.id)[0]!;
      load.set(team.id, load.get(team.id)! + 1);
      out.push({ siteId, teamId: team.id });
    }
  }
  return out;
}
