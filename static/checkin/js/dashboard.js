/* Arrivals per hour on the check-in dashboard (data from the json_script block). */
(function () {
  var node = document.getElementById("arrivals-chart-data");
  var canvas = document.getElementById("arrivals-chart");
  if (!node || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label, data: data.arrivals, backgroundColor: "#0d6efd" }] },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
