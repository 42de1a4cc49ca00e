(function () {
  'use strict';
  var el = document.getElementById('chart-compliance');
  if (!window.echarts || !el) return;
  var data = JSON.parse(document.getElementById('compliance-data').textContent || '{}');
  var narrow = window.innerWidth < 576;
  var chart = echarts.init(el);
  chart.setOption({
    grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: data.names || [], inverse: true, axisLabel: { width: narrow ? 90 : 140, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: data.values || [], label: { show: true, position: 'right', formatter: '{c}%' },
      itemStyle: { color: function (p) { return p.value >= 90 ? '#198754' : p.value >= 60 ? '#e0a800' : '#b3121b'; } }
    }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
