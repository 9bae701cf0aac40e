/* A small key-value store on IndexedDB (the device's token, its synced package, the offline queue and
 * who it let in), so names and photos fit where localStorage's few megabytes would not. */
(function (global) {
  "use strict";
  var DB_NAME = "hc-checkin";
  var STORE = "kv";
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE);
        };
        request.onsuccess = function () {
          resolve(request.result);
        };
        request.onerror = function () {
          reject(request.error);
        };
      });
    }
    return opening;
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(request.result);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
      });
    });
  }

  global.HCStore = {
    get: function (key) {
      return run("readonly", function (s) {
        return s.get(key);
      });
    },
    set: function (key, value) {
      return run("readwrite", function (s) {
        return s.put(value, key);
      });
    },
    remove: function (key) {
      return run("readwrite", function (s) {
        return s.delete(key);
      });
    },
  };
})(window);
