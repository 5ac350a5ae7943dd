import { defineFeature } from '../../platform/features/feature';
import { exportRoutes } from './export.routes';
import { exportWorkerOf } from './export.worker';

/** Ledger exports (台账导出): background Excel jobs, one at a time per replica. */
export const exportFeature = defineFeature({
  name: 'exports',
  routes: [exportRoutes],
  subscribers: [
    {
      name: 'export.worker',
      start: async (deps, log) => {
        const worker = exportWorkerOf(deps, log);
        worker.start();
        return () => worker.stop();
      },
    },
  ],
});
