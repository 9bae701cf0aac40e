/* Levels of participation: one bar per level (data from the json_script block). */
(function () {
  function draw() {
    var node = document.getElementById("levels-chart-data");
    var canvas = document.getElementById("levels-chart");
    if (!node || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, backgroundColor: "#0d6efd" }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
