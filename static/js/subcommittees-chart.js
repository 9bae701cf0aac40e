/* Progress by milestone on a lead's dashboard (data from the json_script block). */
(function () {
  var node = document.getElementById("milestone-chart-data");
  var canvas = document.getElementById("milestone-chart");
  if (!node || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.label_done, data: data.done, backgroundColor: "#198754" },
        { label: data.label_progress, data: data.progress, backgroundColor: "#0d6efd" }
      ]
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } }
  });
})();
