/** Prefixes every key of a domain label table: ('role.', {leader: '领导'}) → {'role.leader': '领导'}. */
export function prefixed<K extends string, P extends string>(prefix: P, labels: Record<K, string>): Record<`${P}${K}`, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [`${prefix}${k}`, v])) as Record<`${P}${K}`, string>;
}
