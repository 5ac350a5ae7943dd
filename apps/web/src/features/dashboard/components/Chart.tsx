import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// Only the charts the dashboard draws are registered: ECharts stays in this lazily loaded chunk
// and out of the office app's first screen (scripts/bundle-size.mjs).
// A tiny wrapper instead of echarts-for-react: its ESM build imports `tslib`, which is not
// resolvable from the workspace root here (only nested under echarts/zrender), so the build fails.
echarts.use([LineChart, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function Chart({ option, height, testId, dark }: { option: EChartsOption; height: number | string; testId?: string; dark?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, dark]);
  return <div ref={ref} data-testid={testId} style={{ height, width: '100%' }} />;
}
