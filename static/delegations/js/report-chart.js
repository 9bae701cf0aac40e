/* The participation report's chart: data from the page's JSON blocks, label from the canvas. */
(function () {
  "use strict";
  var canvas = document.getElementById("confirmations-chart");
  if (!canvas || !window.Chart) { return; }
  var labels = JSON.parse(document.getElementById("chart-labels").textContent);
  var data = JSON.parse(document.getElementById("chart-confirmed").textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {labels: labels, datasets: [{label: canvas.getAttribute("data-label") || "", data: data, fill: true, tension: 0.2}]},
    options: {animation: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
