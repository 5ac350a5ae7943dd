import { useRef, useState } from 'react';
import { Button, Image, Space, Spin } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../../lib/feedback';
import { uploadFile, type UploadedFile } from '../api';
import { OFFICE_MAX_EDGE, downscaleFile } from '../../../lib/downscale';

type Props = {
  value?: UploadedFile[];
  onChange?: (files: UploadedFile[]) => void;
  max?: number;
  testId: string;
};

/**
 * Photos for a form field: on phones the camera opens directly (capture="environment"); each photo
 * is downscaled in the browser (lib/downscale, as the phone pages do), uploaded to POST /api/files
 * as a photo, and the field holds the stored files.
 */
export function PhotoUploader({ value = [], onChange, max = 20, testId }: Props) {
  const { t } = useTranslation();
  const showError = useShowError();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(0);

  const onFiles = async (list: FileList | null) => {
    const files = Array.from(list ?? []).slice(0, Math.max(0, max - value.length));
    if (input.current) input.current.value = '';
    if (!files.length) return;
    setBusy((n) => n + files.length);
    const added: UploadedFile[] = [];
    for (const file of files) {
      try {
        // Every photo is re-encoded (a 19 MB original within the edge limit too), then sent as a photo.
        const { blob, name } = await downscaleFile(file, OFFICE_MAX_EDGE);
        added.push(await uploadFile(blob, name, 'photo'));
      } catch (error) {
        showError(error);
      } finally {
        setBusy((n) => n - 1);
      }
    }
    if (added.length) onChange?.([...value, ...added]);
  };

  return (
    <div data-testid={testId}>
      <Space wrap size={8}>
        <Image.PreviewGroup>
          {value.map((file) => (
            <div key={file.id} style={{ position: 'relative' }} data-testid={`${testId}-item`}>
              <Image
                src={file.thumbUrl ?? file.url}
                preview={{ src: file.url }}
                width={88}
                height={88}
                style={{ objectFit: 'cover', borderRadius: 6 }}
                alt={file.originalName}
              />
              <Button
                size="small"
                shape="circle"
                danger
                icon={<CloseOutlined />}
                aria-label={t('case.photo.remove')}
                style={{ position: 'absolute', top: -8, right: -8 }}
                onClick={() => onChange?.(value.filter((f) => f.id !== file.id))}
              />
            </div>
          ))}
        </Image.PreviewGroup>
        {busy > 0 && (
          <div
            style={{ width: 88, height: 88, display: 'flex', alignItems: 'center', justifyContent: 'center', border: '1px dashed #d9d9d9', borderRadius: 6 }}
          >
            <Spin size="small" />
          </div>
        )}
        {value.length < max && (
          <Button
            icon={<CameraOutlined />}
            onClick={() => input.current?.click()}
            style={{ height: 88, minWidth: 88, whiteSpace: 'normal' }}
            data-testid={`${testId}-add`}
          >
            {t('case.photo.add')}
          </Button>
        )}
      </Space>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => void onFiles(e.target.files)}
      />
    </div>
  );
}
