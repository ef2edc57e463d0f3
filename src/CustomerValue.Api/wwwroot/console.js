// Draws every <canvas data-chart> with Chart.js. The figures are also in the page's tables, so without
// JavaScript (or if this fails) nothing is lost but the picture.
(function () {
  if (typeof Chart === 'undefined') return;
  var palette = ['#2f6fb0', '#e08a2c', '#4f9a5b', '#b04a4a', '#7b5ea8'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] };
        })
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: { x: { ticks: { autoSkip: true } } }
      }
    });
  });
})();
