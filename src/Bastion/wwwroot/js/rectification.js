(function () {
  'use strict';
  var el = document.getElementById('chart-rectification');
  if (!window.echarts || !el) return;
  var data = JSON.parse(document.getElementById('rectification-data').textContent || '{}');
  var narrow = window.innerWidth < 576;
  var chart = echarts.init(el);
  chart.setOption({
    grid: { left: 8, right: 48, top: 10, bottom: 10, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: function (ps) {
        var p = ps[0], i = p.dataIndex;
        return (data.full || [])[i] + '<br>完成率 ' + p.value + '%（任务 ' + (data.totals || [])[i] + ' 项）';
      }
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: data.names || [], inverse: true, axisLabel: { width: narrow ? 84 : 130, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: data.values || [], barMaxWidth: 28, label: { show: true, position: 'right', formatter: '{c}%' },
      itemStyle: { color: function (p) { return p.value >= 90 ? '#198754' : p.value >= 60 ? '#e0a800' : '#b3121b'; } }
    }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
