// The dashboard's script (served as /dashboard/static/dashboard.js, deferred): no inline script is allowed by the
// Content-Security-Policy, so behaviour is attached here. It only draws charts: an action that needs confirming
// (withdraw, remove, dismiss) asks with a required "Yes, ..." checkbox that the collector checks too, so it works
// the same without script.
"use strict";

// Charts: every <canvas data-chart="ID"> is drawn from the JSON in <script type="application/json" id="ID">
// (overview.mustache) with Debian's Chart.js (the global `Chart`). Null values are gaps: hidden figures ("too few
// responses") are never drawn. Without Chart.js the tables beside the canvases hold the same figures.
function drawCharts() {
  if (typeof window.Chart === "undefined") {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      canvas.hidden = true;
    });
    return;
  }
  // Colours that stay apart for most kinds of colour blindness (Okabe and Ito), repeated when there are more lines.
  const palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const block = document.getElementById(canvas.dataset.chart);
    if (!block) return;
    let spec;
    try {
      spec = JSON.parse(block.textContent);
    } catch (error) {
      canvas.hidden = true;
      return;
    }
    const datasets = spec.datasets.map((dataset, index) => {
      const colour = palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        borderColor: colour,
        backgroundColor: spec.type === "line" ? colour : colour + "cc",
        spanGaps: false,
        pointRadius: 3,
      };
    });
    const yScale = { beginAtZero: spec.type !== "line", title: { display: Boolean(spec.y_title), text: spec.y_title } };
    if (spec.y_min !== undefined) yScale.min = spec.y_min;
    if (spec.y_max !== undefined) yScale.max = spec.y_max;
    if (spec.stacked) yScale.stacked = true;
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: Boolean(spec.stacked) }, y: yScale },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawCharts);
} else {
  drawCharts();
}
