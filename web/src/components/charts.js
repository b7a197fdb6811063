// ECharts as the UI uses it: the core with only the charts and components registered here (the
// whole library would add about 1 MB to the pages that draw). Add a chart kind here before using it.
import * as echarts from 'echarts/core'
import { BarChart, FunnelChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }
