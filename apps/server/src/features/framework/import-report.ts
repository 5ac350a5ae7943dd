import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import type { BlobStore } from '../../platform/storage/storage';
import { AppError } from '../../platform/http/errors';
import { t } from '../../platform/http/messages';
import { buildWorkbook } from '../../platform/excel/excel';
import { storeUpload } from '../files/file.service';

export type ImportIssue = { row: number; column: string; message: string; sheet?: string };
export type FeatureDeps = { db: Db; store: BlobStore };
type Ctx = RequestContext & { actor: Actor };

/**
 * A failed import: 422 `import_failed` whose details list every problem, plus `reportUrl`, an
 * Excel error report (行 / 列 / 错误) stored through the safe upload path, so only the importer
 * (and staff of their unit) can download it. Nothing of the import itself has been written.
 */
export async function importFailure(deps: FeatureDeps, ctx: Ctx, issues: ImportIssue[], name: string): Promise<AppError> {
  const sorted = [...issues].sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.row - b.row || a.column.localeCompare(b.column));
  const zh = ctx.locale === 'zh-CN';
  const hasSheet = sorted.some((i) => i.sheet);
  const buffer = await buildWorkbook(
    zh ? '错误报告' : 'Errors',
    [
      ...(hasSheet ? [{ header: zh ? '工作表' : 'Sheet', key: 'sheet', width: 14 }] : []),
      { header: zh ? '行' : 'Row', key: 'row', width: 8 },
      { header: zh ? '列' : 'Column', key: 'column', width: 22 },
      { header: zh ? '错误' : 'Problem', key: 'message', width: 70 },
    ],
    sorted.map((i) => ({ ...i, sheet: i.sheet ?? '' })),
  );
  const file = await storeUpload(deps, ctx, { buffer, filename: `${name}-${zh ? '错误报告' : 'errors'}.xlsx`, unitId: ctx.actor.unitId });
  const error = new AppError(422, 'import_failed', 'import_failed', { count: sorted.length }, sorted);
  error.extra = { reportUrl: `/api/files/${file.id}`, reportName: file.originalName };
  return error;
}

export const say = (ctx: Pick<RequestContext, 'locale'>, key: Parameters<typeof t>[1], params: Record<string, unknown> = {}) => t(ctx.locale, key, params);
