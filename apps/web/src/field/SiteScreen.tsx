import { useEffect, useMemo, useState } from 'react';
import type { ChecklistItem, CheckResult, FieldData } from '@chuangwen/domain/inspections/inspection.schemas';
import { kvGet, kvSet } from './idb';
import { resultLabel, siteTypeLabel, t } from './i18n';
import { downscale } from '../lib/downscale';
import { enqueueVisit, newKey } from './queue';

type Assignment = FieldData['assignments'][number];
// The list of inspection.schemas, repeated as a literal: importing the value would pull zod into the first screen.
const CHECK_RESULTS: readonly CheckResult[] = ['pass', 'fail', 'severeFail'];
type Photo = { key: string; blob: Blob; url: string };
type Entry = { result: CheckResult | null; note: string; photos: Photo[] };

/**
 * One site visit: every checklist item is marked pass / fail / severe fail; a failure needs a
 * note and a photo. Saving queues the visit (and its photos) in IndexedDB; the queue sends it.
 * A failure's case key is kept per (visit, item) on the phone, so re-recording an item never
 * creates a second case.
 */
export function SiteScreen({
  assignment,
  checklist,
  roundName,
  onClose,
}: {
  assignment: Assignment;
  checklist: ChecklistItem[];
  roundName: string;
  onClose: () => void;
}) {
  const [entries, setEntries] = useState<Record<number, Entry>>(() =>
    Object.fromEntries(
      checklist.map((item) => {
        const done = assignment.checks.find((c) => c.checklistItemId === item.id);
        return [item.id, { result: done?.result ?? null, note: done?.note ?? '', photos: [] }];
      }),
    ),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => () => Object.values(entries).forEach((e) => e.photos.forEach((p) => URL.revokeObjectURL(p.url))), []); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (id: number, patch: Partial<Entry>) => setEntries((prev) => ({ ...prev, [id]: { ...prev[id]!, ...patch } }));
  const addPhoto = async (id: number, files: FileList | null) => {
    if (!files?.length) return;
    const added: Photo[] = [];
    for (const file of Array.from(files)) {
      const blob = await downscale(file);
      added.push({ key: newKey(), blob, url: URL.createObjectURL(blob) });
    }
    setEntries((prev) => ({ ...prev, [id]: { ...prev[id]!, photos: [...prev[id]!.photos, ...added] } }));
  };

  const missing = checklist.filter((c) => !entries[c.id]?.result).length;
  const failures = useMemo(() => checklist.filter((c) => entries[c.id]?.result && entries[c.id]!.result !== 'pass'), [checklist, entries]);

  const save = async () => {
    if (missing > 0) return setProblem(t('needsAll', { n: missing }));
    if (failures.some((c) => !entries[c.id]!.note.trim() || entries[c.id]!.photos.length === 0)) return setProblem(t('needsNote'));
    setSaving(true);
    try {
      const checks = [];
      for (const item of checklist) {
        const e = entries[item.id]!;
        let caseKey: string | null = null;
        if (e.result !== 'pass') {
          const stored = `caseKey:${assignment.id}:${item.id}`;
          caseKey = (await kvGet<string>(stored)) ?? newKey();
          await kvSet(stored, caseKey);
        }
        checks.push({
          checklistItemId: item.id,
          result: e.result!,
          note: e.result === 'pass' ? null : e.note.trim(),
          photoKeys: e.result === 'pass' ? [] : e.photos.map((p) => p.key),
          caseKey,
        });
      }
      const photos = failures.flatMap((c) =>
        entries[c.id]!.photos.map((p, i) => ({ key: p.key, blob: p.blob, name: `${assignment.site.name}-${c.criterionCode}-${i + 1}.jpg` })),
      );
      await enqueueVisit({ assignmentId: assignment.id, siteName: assignment.site.name, at: new Date().toISOString(), checks }, photos);
      setSaved(true);
      setTimeout(onClose, 600);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="site-screen" data-testid="site-screen">
      <div className="card">
        <button type="button" className="link" onClick={onClose} data-testid="site-back">
          ‹ {t('back')}
        </button>
        <h2>{assignment.site.name}</h2>
        <p className="muted small">
          {roundName} · {siteTypeLabel(assignment.site.type)} · {assignment.site.town?.name} · {assignment.site.address}
        </p>
        {assignment.site.personInCharge && (
          <p className="muted small">
            {assignment.site.personInCharge} {assignment.site.phone ?? ''}
          </p>
        )}
        {missing > 0 && (
          <button
            type="button"
            className="ghost"
            onClick={() => setEntries((prev) => Object.fromEntries(checklist.map((c) => [c.id, { ...prev[c.id]!, result: prev[c.id]!.result ?? 'pass' }])))}
            data-testid="mark-rest-pass"
          >
            {t('markRestPass', { n: missing })}
          </button>
        )}
      </div>
      <ol className="checklist">
        {checklist.map((item) => {
          const e = entries[item.id]!;
          return (
            <li key={item.id} className={`card item ${e.result ?? ''}`} data-testid={`item-${item.id}`}>
              <p className="wording">{item.wording}</p>
              <div className="results">
                {CHECK_RESULTS.map((r) => (
                  <button
                    key={r}
                    type="button"
                    className={`result ${r} ${e.result === r ? 'on' : ''}`}
                    aria-pressed={e.result === r}
                    onClick={() => update(item.id, { result: r })}
                    data-testid={`result-${item.id}-${r}`}
                  >
                    {resultLabel(r)}
                  </button>
                ))}
              </div>
              {e.result && e.result !== 'pass' && (
                <div className="failure">
                  <textarea
                    placeholder={t('notePlaceholder')}
                    value={e.note}
                    onChange={(ev) => update(item.id, { note: ev.target.value })}
                    aria-label={t('note')}
                    data-testid={`note-${item.id}`}
                  />
                  <div className="photos">
                    {e.photos.map((p) => (
                      <figure key={p.key}>
                        <img src={p.url} alt="" />
                        <button type="button" className="link" onClick={() => update(item.id, { photos: e.photos.filter((x) => x.key !== p.key) })}>
                          {t('removePhoto')}
                        </button>
                      </figure>
                    ))}
                    <label className="photo-button">
                      + {t('addPhoto')}
                      <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        multiple
                        hidden
                        onChange={(ev) => void addPhoto(item.id, ev.target.files)}
                        data-testid={`photo-${item.id}`}
                      />
                    </label>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <div className="card sticky">
        {failures.length > 0 && (
          <p className="small">
            {t('fails', { n: failures.length })} · {t('caseWillBeCreated')}
          </p>
        )}
        {problem && (
          <p className="error-text" data-testid="site-problem">
            {problem}
          </p>
        )}
        {saved && <p className="ok-text">{t('saved')}</p>}
        <button type="button" className="primary" disabled={saving || saved} onClick={() => void save()} data-testid="save-visit">
          {t('save')}
        </button>
      </div>
    </div>
  );
}
