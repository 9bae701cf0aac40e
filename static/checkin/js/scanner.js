/* The gate scanner: pairing, scanning (camera, USB hand scanner typing into the field, a typed badge
 * number), the full-screen verdict, and offline mode switched by hand (pretix's lesson: a device that
 * decides by itself when it is offline lets people in twice when the network only hiccups).
 *
 * Offline, the device judges with what it synced: public keys (Ed25519 checked with WebCrypto), revoked
 * serials, its lists' rules and, where the gate allows it, the names and photos of those admitted. Each
 * scan is queued with a nonce and uploaded when the operator goes back online; the server stores each
 * nonce once, so sending the queue again adds nothing.
 */
(function () {
  "use strict";

  var API = document.body.dataset.api;
  var T = JSON.parse(document.getElementById("scanner-i18n").textContent);
  var $ = function (id) {
    return document.getElementById(id);
  };

  var state = { token: null, device: null, pkg: null, mode: "online", queue: [], presence: {} };
  var resultTimer = null;

  // --- helpers -------------------------------------------------------------------------------------

  function show(id, visible) {
    $(id).classList.toggle("d-none", !visible);
  }

  function message(text, kind) {
    var box = $("message");
    box.textContent = text || "";
    box.className = "alert alert-" + (kind || "info") + (text ? "" : " d-none");
  }

  function nonce() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.body) headers["Content-Type"] = "application/json";
    if (state.token) headers.Authorization = "Bearer " + state.token;
    return fetch(API + path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      cache: "no-store",
      credentials: "omit",
    }).then(function (response) {
      if (response.status === 401) {
        forget(T.revoked_device);
        throw new Error("unauthorised");
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error((data.detail || []).join(" ") || response.statusText);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function save() {
    return Promise.all([
      HCStore.set("mode", state.mode),
      HCStore.set("queue", state.queue),
      HCStore.set("presence", state.presence),
    ]);
  }

  function currentList() {
    var id = parseInt($("list-select").value, 10);
    var lists = (state.pkg && state.pkg.lists) || [];
    for (var i = 0; i < lists.length; i++) if (lists[i].id === id) return lists[i];
    return null;
  }

  function direction() {
    return $("dir-exit").checked ? "exit" : "entry";
  }

  // --- pairing and sync ------------------------------------------------------------------------------

  function forget(why) {
    state.token = null;
    state.device = null;
    HCStore.remove("token");
    HCStore.remove("device");
    show("scan-view", false);
    show("pair-view", true);
    message(why, "danger");
  }

  function pair(event) {
    event.preventDefault();
    var code = $("pair-code").value;
    $("pair-button").disabled = true;
    api("pair", { method: "POST", body: { code: code } })
      .then(function (data) {
        state.token = data.token;
        state.device = data.device;
        state.pkg = null;
        state.queue = [];
        state.presence = {};
        return Promise.all([HCStore.set("token", data.token), HCStore.set("device", data.device), HCStore.remove("pkg"), save()]);
      })
      .then(function () {
        message(T.paired, "success");
        start();
      })
      .catch(function (error) {
        message(error.message || T.network, "danger");
      })
      .finally(function () {
        $("pair-button").disabled = false;
      });
  }

  function sync() {
    var pkg = state.pkg || { rules_version: 0, revocation_version: 0, lists: [], revoked_serials: [], keys: [], people: null };
    var people = state.device && state.device.gate.offline_people ? "&people=true" : "";
    return api("sync?rules_since=" + pkg.rules_version + "&revocations_since=" + pkg.revocation_version + people).then(function (data) {
      var lists = {};
      pkg.lists.forEach(function (l) { lists[l.id] = l; });
      data.lists.forEach(function (l) { lists[l.id] = l; });
      var revoked = pkg.revoked_serials.concat(data.revoked_serials);
      var merged = {
        rules_version: data.rules_version,
        revocation_version: data.revocation_version,
        lists: data.list_ids.map(function (id) { return lists[id]; }).filter(Boolean),
        revoked_serials: revoked.filter(function (s, i) { return revoked.indexOf(s) === i; }),
        keys: data.keys,
        people: data.people || (state.device.gate.offline_people ? pkg.people : null),
        synced_at: new Date().toISOString(),
      };
      state.pkg = merged;
      renderLists();
      renderState();
      return HCStore.set("pkg", merged);
    });
  }

  function renderLists() {
    var select = $("list-select");
    var chosen = select.value;
    select.innerHTML = "";
    ((state.pkg && state.pkg.lists) || []).forEach(function (l) {
      var option = document.createElement("option");
      option.value = l.id;
      option.textContent = l.name;
      select.appendChild(option);
    });
    if (chosen) select.value = chosen;
  }

  function renderState() {
    var offline = state.mode === "offline";
    $("mode-badge").textContent = offline ? T.offline : T.online;
    $("mode-badge").className = "badge " + (offline ? "text-bg-warning" : "text-bg-success");
    $("offline-toggle").textContent = offline ? T.go_online : T.go_offline;
    $("queue-count").textContent = state.queue.length;
    $("gate-name").textContent = state.device ? state.device.name + " · " + state.device.gate.name : "";
    var pkg = state.pkg;
    $("sync-state").textContent = pkg
      ? T.synced.replace("%(when)s", new Date(pkg.synced_at).toLocaleTimeString()).replace("%(n)s", pkg.revoked_serials.length)
      : T.not_synced;
  }

  // --- the verdict screen ---------------------------------------------------------------------------

  function showResult(result, reason, holder) {
    var box = $("result");
    var ok = result === "accepted";
    box.className = "result " + (ok ? "result-ok" : "result-bad");
    box.dataset.result = result;
    box.dataset.reason = reason || "";
    $("result-title").textContent = ok ? T.accepted : T.rejected;
    $("result-reason").textContent = reason ? T.reasons[reason] || reason : "";
    var photo = $("result-photo");
    photo.classList.add("d-none");
    photo.removeAttribute("src");
    $("result-name").textContent = holder ? holder.name : "";
    $("result-delegation").textContent = holder ? holder.delegation : "";
    var band = $("result-band");
    band.style.backgroundColor = holder && holder.colour ? holder.colour : "";
    band.style.color = holder && holder.text_colour ? holder.text_colour : "";
    $("result-category").textContent = holder ? holder.category : "";
    if (holder && (holder.photo || holder.photo_url)) loadPhoto(holder, photo);
    clearTimeout(resultTimer);
    resultTimer = setTimeout(hideResult, ok ? 4000 : 8000);
  }

  function loadPhoto(holder, img) {
    var shown = function (src) {
      img.src = src;
      img.classList.remove("d-none");
    };
    if (holder.photo) return shown(holder.photo);
    fetch(holder.photo_url, { headers: { Authorization: "Bearer " + state.token }, credentials: "omit" })
      .then(function (response) { return response.ok ? response.blob() : null; })
      .then(function (blob) { if (blob) shown(URL.createObjectURL(blob)); })
      .catch(function () {});
  }

  function hideResult() {
    $("result").classList.add("d-none");
    $("scan-input").focus();
  }

  // --- scanning --------------------------------------------------------------------------------------

  function scan(raw) {
    var text = (raw || "").trim();
    if (!text) return Promise.resolve();
    var list = currentList();
    if (!list) {
      message(T.no_list, "danger");
      return Promise.resolve();
    }
    var item = { list_id: list.id, direction: direction(), nonce: nonce(), device_time: new Date().toISOString() };
    if (/^\d{1,15}$/.test(text)) item.serial = parseInt(text, 10);
    else item.text = text;
    return state.mode === "offline" ? scanOffline(list, item) : scanOnline(item);
  }

  function scanOnline(item) {
    return api("redeem", { method: "POST", body: item })
      .then(function (data) {
        showResult(data.result, data.reason, data.holder);
      })
      .catch(function (error) {
        if (error.message === "unauthorised") return;
        if (error.status) showResult("rejected", "", null), message(error.message, "danger");
        else message(T.network, "danger");
      });
  }

  function personOf(serial) {
    var people = (state.pkg && state.pkg.people) || [];
    for (var i = 0; i < people.length; i++) if (people[i].serial === serial) return people[i];
    return null;
  }

  function presenceKey(listId, serial) {
    return listId + ":" + serial;
  }

  function scanOffline(list, item) {
    var at = Date.parse(item.device_time);
    var presenceOf = function (serial) {
      return state.presence[presenceKey(list.id, serial)] || null;
    };
    var judged;
    if (item.text) {
      judged = HCVerdict.checkText(state.pkg, list, item.text, item.direction, at, presenceOf);
    } else {
      // A typed number can only be judged offline against the names this gate may keep.
      var person = personOf(item.serial);
      var badge = person && {
        serial: person.serial,
        category: person.category_code,
        zones: person.zones,
        valid_from: Date.parse(person.valid_from),
        valid_until: Date.parse(person.valid_until),
        revoked: state.pkg.revoked_serials.indexOf(person.serial) >= 0,
      };
      judged = Promise.resolve({ reason: HCVerdict.decide(list, badge, null, item.direction, at, presenceOf(item.serial)), payload: badge ? { sn: badge.serial } : null });
    }
    return judged.then(function (verdict) {
      var serial = verdict.payload ? verdict.payload.sn : null;
      item.device_result = verdict.reason ? "rejected" : "accepted";
      item.device_reason = verdict.reason;
      if (!verdict.reason && serial !== null) {
        var key = presenceKey(list.id, serial);
        var p = state.presence[key] || { inside: false, entries: 0, last_entry_at: null };
        if (item.direction === "entry") {
          p.inside = true;
          p.entries += 1;
          p.last_entry_at = at;
        } else {
          p.inside = false;
        }
        state.presence[key] = p;
      }
      state.queue.push(item);
      renderState();
      var person = serial !== null ? personOf(serial) : null;
      showResult(item.device_result, verdict.reason, person);
      return save();
    });
  }

  function upload() {
    if (!state.queue.length) return Promise.resolve(null);
    var batch = state.queue.slice(0, 200);
    return api("scans", { method: "POST", body: { scans: batch } }).then(function (report) {
      var sent = {};
      batch.forEach(function (s) { sent[s.nonce] = true; });
      state.queue = state.queue.filter(function (s) { return !sent[s.nonce]; });
      renderState();
      return save().then(function () {
        var text = T.uploaded.replace("%(stored)s", report.stored).replace("%(duplicates)s", report.duplicates).replace("%(conflicts)s", report.conflicts.length);
        message(text, report.conflicts.length ? "warning" : "success");
        return state.queue.length ? upload() : report;
      });
    });
  }

  function toggleOffline() {
    if (state.mode === "online") {
      // Take the freshest package we can before the network goes; keep the last one if it is gone already.
      return sync()
        .catch(function () {})
        .then(function () {
          if (!state.pkg || !state.pkg.keys.length) {
            message(T.no_package, "danger");
            return;
          }
          state.mode = "offline";
          renderState();
          message(T.now_offline, "warning");
          return save();
        });
    }
    state.mode = "online";
    renderState();
    return save()
      .then(upload)
      .then(function (report) {
        if (!report) message(T.now_online, "success");
        return sync();
      })
      .catch(function (error) {
        state.mode = "offline";
        renderState();
        save();
        message(error.message === "unauthorised" ? T.revoked_device : T.network, "danger");
      });
  }

  // --- camera ------------------------------------------------------------------------------------------

  var camera = { stream: null, last: "", lastAt: 0 };

  function detected(text) {
    var now = Date.now();
    if (text === camera.last && now - camera.lastAt < 3000) return;
    camera.last = text;
    camera.lastAt = now;
    scan(text);
  }

  function cameraToggle() {
    if (camera.stream) {
      camera.stream.getTracks().forEach(function (t) { t.stop(); });
      camera.stream = null;
      show("camera-box", false);
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        camera.stream = stream;
        var video = $("camera");
        video.srcObject = stream;
        show("camera-box", true);
        return video.play().then(function () { cameraLoop(video); });
      })
      .catch(function () {
        message(T.no_camera, "danger");
      });
  }

  function cameraLoop(video) {
    var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    var canvas = $("camera-canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var tick = function () {
      if (!camera.stream) return;
      var next = function () { setTimeout(tick, 200); };
      if (video.readyState < 2) return next();
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) detected(codes[0].rawValue);
        }).catch(function () {}).finally(next);
        return;
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR ? window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" }) : null;
      if (code && code.data) detected(code.data);
      next();
    };
    tick();
  }

  // --- start -------------------------------------------------------------------------------------------

  function start() {
    show("pair-view", false);
    show("scan-view", true);
    renderLists();
    renderState();
    $("scan-input").focus();
    if (state.mode === "online") {
      api("device")
        .then(function (device) {
          state.device = device;
          HCStore.set("device", device);
          return sync();
        })
        .catch(function (error) {
          if (error.message !== "unauthorised") message(T.network, "danger");
        });
    }
  }

  function boot() {
    if ("serviceWorker" in navigator && document.body.dataset.sw) {
      navigator.serviceWorker.register(document.body.dataset.sw, { scope: "/checkin/scanner/" }).catch(function () {});
    }
    $("pair-form").addEventListener("submit", pair);
    $("scan-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var input = $("scan-input");
      var value = input.value;
      input.value = "";
      hideResult();
      scan(value);
    });
    $("scan-input").addEventListener("input", function () {
      if (!$("result").classList.contains("d-none")) $("result").classList.add("d-none");
    });
    $("result").addEventListener("click", hideResult);
    $("offline-toggle").addEventListener("click", toggleOffline);
    $("sync-button").addEventListener("click", function () {
      if (state.mode === "offline") return message(T.offline_no_sync, "warning");
      sync().then(function () { message(T.synced_now, "success"); }).catch(function () { message(T.network, "danger"); });
    });
    $("camera-button").addEventListener("click", cameraToggle);
    Promise.all([HCStore.get("token"), HCStore.get("device"), HCStore.get("pkg"), HCStore.get("mode"), HCStore.get("queue"), HCStore.get("presence")]).then(function (v) {
      state.token = v[0] || null;
      state.device = v[1] || null;
      state.pkg = v[2] || null;
      state.mode = v[3] || "online";
      state.queue = v[4] || [];
      state.presence = v[5] || {};
      if (state.token && state.device) start();
      else show("pair-view", true);
      document.body.dataset.ready = "1";
    });
  }

  boot();
})();
