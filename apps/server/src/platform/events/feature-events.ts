import type { AppDeps, FeatureModule } from '../features/feature';
import { drainEvents, setEventLog, subscribe } from './domain-events';

/**
 * Wires every feature's event handlers to this database's bus. Returns the unwiring, which first
 * waits for deliveries still running.
 */
export function wireFeatureEvents(deps: AppDeps, features: readonly FeatureModule[], log: (msg: string, err: unknown) => void): () => Promise<void> {
  const db = deps.database.db;
  setEventLog(db, log);
  const unsubscribes = features.flatMap((f) => (f.events ?? []).map((h) => subscribe(db, h.name, (event) => h.handle(event, deps))));
  return async () => {
    await drainEvents(db);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
