(function () {
  'use strict';
  var treeEl = document.getElementById('chart-tree');
  var barEl = document.getElementById('chart-types');
  if (!window.echarts || !treeEl) return;
  var tree = JSON.parse(document.getElementById('tree-data').textContent || '{}');
  var bars = JSON.parse(document.getElementById('bar-data').textContent || '{}');
  var narrow = window.innerWidth < 576;
  var treeChart = echarts.init(treeEl);
  treeChart.setOption({
    tooltip: { trigger: 'item', formatter: function (p) { return p.data.name + '<br/>' + p.data.type + ' · ' + p.data.value + ' 名党员'; } },
    series: [{
      type: 'tree', data: [tree], top: '4%', left: narrow ? '26%' : '12%', bottom: '4%', right: narrow ? '30%' : '22%',
      symbolSize: 9, initialTreeDepth: narrow ? 1 : 2, expandAndCollapse: true,
      itemStyle: { color: '#b3121b', borderColor: '#b3121b' },
      label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: narrow ? 11 : 12 },
      leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
      animationDuration: 300
    }]
  });
  treeChart.on('dblclick', function (p) { if (p.data && p.data.id) location.href = '/Organizations/Details/' + p.data.id; });
  var barChart = echarts.init(barEl);
  barChart.setOption({
    grid: { left: 8, right: 24, top: 10, bottom: 10, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: bars.names || [], inverse: true, axisLabel: { width: narrow ? 90 : 120, overflow: 'truncate' } },
    series: [{ type: 'bar', data: bars.values || [], itemStyle: { color: '#b3121b' }, label: { show: true, position: 'right' } }]
  });
  window.addEventListener('resize', function () { treeChart.resize(); barChart.resize(); });
})();
