// Signing board: poll the small cached JSON every few seconds and redraw counts and the latest signatories.
(function () {
  "use strict";
  var root = document.getElementById("signing-board");
  if (!root || !window.fetch) { return; }
  var source = root.getAttribute("data-source");
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 5000;
  var etag = null;

  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }

  function draw(data) {
    ["signatories", "countries", "scheduled"].forEach(function (name) {
      var el = field(name);
      if (el) { el.textContent = String(data[name]); }
    });
    var list = field("latest");
    if (!list || !data.latest || !data.latest.length) { return; }
    list.textContent = "";
    data.latest.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "list-group-item";
      var strong = document.createElement("strong");
      strong.textContent = item.party;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" — " + item.signatory + " "));
      var small = document.createElement("small");
      small.className = "text-body-secondary";
      small.textContent = item.time + ", " + item.place;
      li.appendChild(small);
      list.appendChild(li);
    });
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(source, { headers: headers, credentials: "omit", cache: "no-cache" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) { draw(data); } })
      .catch(function () { /* the venue network hiccups: keep the last board and try again */ })
      .then(function () { window.setTimeout(poll, interval); });
  }

  window.setTimeout(poll, interval);
})();
