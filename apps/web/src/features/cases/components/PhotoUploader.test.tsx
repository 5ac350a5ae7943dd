import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import '../../../lib/i18n';
import { stubImageDecoding } from '../../../lib/downscale.stub';
import { PhotoUploader } from './PhotoUploader';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('PhotoUploader', () => {
  it('downscales in the browser before uploading: a 19 MB original travels as a small JPEG, declared a photo', async () => {
    const canvases = stubImageDecoding({ width: 2400, height: 1800 }); // within the office's edge: bytes still shrink
    const sent: { url: string; file: File }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        const file = (init?.body as FormData).get('file') as File;
        sent.push({ url, file });
        return new Response(
          JSON.stringify({
            id: 'f1',
            kind: 'photo',
            originalName: file.name,
            contentType: 'image/jpeg',
            size: file.size,
            width: 2400,
            height: 1800,
            hasThumbnail: true,
            url: '/api/files/f1',
            thumbUrl: '/api/files/f1/thumb',
          }),
          { status: 201, headers: { 'Content-Type': 'application/json' } },
        );
      }),
    );
    const onChange = vi.fn();
    render(
      <AntApp>
        <PhotoUploader testId="photos" onChange={onChange} />
      </AntApp>,
    );
    const original = new File([new Uint8Array(19 * 1024 * 1024)], 'IMG_0001.png', { type: 'image/png' });
    fireEvent.change(screen.getByTestId('photos-input'), { target: { files: [original] } });
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('/api/files?kind=photo');
    expect(sent[0]!.file.name).toBe('IMG_0001.jpg');
    expect(sent[0]!.file.size).toBeLessThan(1024 * 1024);
    expect(canvases).toEqual([expect.objectContaining({ width: 2400, height: 1800, type: 'image/jpeg' })]);
    expect(onChange.mock.calls[0]![0]).toEqual([expect.objectContaining({ id: 'f1' })]);
  });
});
