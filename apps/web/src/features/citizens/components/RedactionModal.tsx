import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { App, Button, Empty, Modal, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../../lib/feedback';
import { loadCasePhotos, redact, type CasePhoto, type Region } from '../api';

// Staff drag rectangles over a photo; the server makes the redacted public copy (sharp). Regions are
// fractions of the image, so the on-screen size does not matter.

export function RedactionModal({ caseId, open, onClose }: { caseId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [photos, setPhotos] = useState<CasePhoto[]>([]);
  const [index, setIndex] = useState(0);
  const [regions, setRegions] = useState<Region[]>([]);
  const [mode, setMode] = useState<'blur' | 'fill'>('blur');
  const [draft, setDraft] = useState<Region | null>(null);
  const [saving, setSaving] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number } | null>(null);

  const reload = () => loadCasePhotos(caseId).then((r) => setPhotos(r.items), showError);
  useEffect(() => {
    if (open) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, caseId]);
  const photo = photos[index];
  useEffect(() => {
    setRegions(photo?.redaction?.regions ?? []);
    setMode(photo?.redaction?.mode ?? 'blur');
  }, [photo]);

  const at = (e: PointerEvent) => {
    const r = box.current!.getBoundingClientRect();
    return { x: Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), y: Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)) };
  };
  const down = (e: PointerEvent) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    start.current = at(e);
  };
  const move = (e: PointerEvent) => {
    if (!start.current) return;
    const p = at(e);
    const s = start.current;
    setDraft({ x: Math.min(s.x, p.x), y: Math.min(s.y, p.y), w: Math.abs(p.x - s.x), h: Math.abs(p.y - s.y) });
  };
  const up = () => {
    if (draft && draft.w > 0.01 && draft.h > 0.01) setRegions((rs) => [...rs, draft]);
    setDraft(null);
    start.current = null;
  };

  const save = async (list: Region[]) => {
    if (!photo) return;
    setSaving(true);
    try {
      await redact(caseId, photo.fileId, list, mode);
      message.success(t('citizens.redact.saved'));
      await reload();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  const pct = (v: number) => `${v * 100}%`;
  return (
    <Modal open={open} onCancel={onClose} footer={null} width={760} title={t('citizens.redact.title')} destroyOnHidden>
      {photos.length === 0 ? (
        <Empty />
      ) : (
        <div data-testid="redaction-tool">
          <Space wrap style={{ marginBottom: 8 }}>
            {photos.map((p, i) => (
              <img
                key={p.fileId}
                src={p.thumbUrl}
                alt=""
                onClick={() => setIndex(i)}
                style={{ width: 64, height: 48, objectFit: 'cover', cursor: 'pointer', outline: i === index ? '2px solid #c41d2f' : 'none' }}
              />
            ))}
          </Space>
          {photo && (
            <>
              <div
                ref={box}
                onPointerDown={down}
                onPointerMove={move}
                onPointerUp={up}
                style={{ position: 'relative', userSelect: 'none', touchAction: 'none', cursor: 'crosshair', maxWidth: '100%' }}
                data-testid="redaction-canvas"
              >
                <img src={photo.url} alt="" draggable={false} style={{ width: '100%', display: 'block' }} />
                {[...regions, ...(draft ? [draft] : [])].map((r, i) => (
                  <div
                    key={i}
                    style={{
                      position: 'absolute',
                      left: pct(r.x),
                      top: pct(r.y),
                      width: pct(r.w),
                      height: pct(r.h),
                      border: '2px solid #c41d2f',
                      background: mode === 'fill' ? '#000a' : '#fff6',
                    }}
                  />
                ))}
              </div>
              <Space wrap style={{ marginTop: 8 }}>
                <span>{t('citizens.redact.mode')}</span>
                <Radio.Group
                  value={mode}
                  onChange={(e) => setMode(e.target.value as 'blur' | 'fill')}
                  options={[
                    { value: 'blur', label: t('citizens.redact.blur') },
                    { value: 'fill', label: t('citizens.redact.fill') },
                  ]}
                />
                <Typography.Text type="secondary">{t('citizens.redact.regions', { n: regions.length })}</Typography.Text>
                <Button onClick={() => setRegions([])}>{t('citizens.redact.clear')}</Button>
                <Button type="primary" loading={saving} disabled={regions.length === 0} onClick={() => void save(regions)} data-testid="redaction-save">
                  {t('citizens.redact.save')}
                </Button>
                <Button loading={saving} onClick={() => void save([])} data-testid="redaction-none">
                  {t('citizens.redact.none')}
                </Button>
              </Space>
              {photo.redaction && (
                <div style={{ marginTop: 12 }}>
                  <Typography.Text strong>{t('citizens.redact.current')}</Typography.Text>
                  <img
                    src={`${photo.redaction.url}?v=${encodeURIComponent(photo.redaction.at)}`}
                    alt=""
                    style={{ width: '100%', display: 'block', marginTop: 4 }}
                    data-testid="redaction-result"
                  />
                </div>
              )}
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
