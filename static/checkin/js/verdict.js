/* The offline verdict on one scan: the same checks, in the same order, as delegations/checkin/rules.py.
 *
 * QR text = "HC1:" + b64url(payload_bytes) + "." + b64url(signature); payload_bytes is the UTF-8 JSON
 * {"v","kid","bid","sn","cat","z","nbf","exp"}; the signature is Ed25519 over payload_bytes, checked here
 * with WebCrypto against the public keys the device synced.
 */
(function (global) {
  "use strict";

  var FIELDS = { v: "number", kid: "string", bid: "number", sn: "number", cat: "string", z: "object", nbf: "number", exp: "number" };

  function b64urlDecode(text) {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error("malformed");
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  /* {payload, body, signature} of a QR text, or throws Error("malformed"). */
  function parse(text) {
    text = (text || "").trim();
    if (text.indexOf("HC1:") !== 0 || text.length > 2048) throw new Error("malformed");
    var parts = text.slice(4).split(".");
    if (parts.length !== 2) throw new Error("malformed");
    var body = b64urlDecode(parts[0]);
    var signature = b64urlDecode(parts[1]);
    var payload;
    try {
      payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (e) {
      throw new Error("malformed");
    }
    if (!payload || typeof payload !== "object" || signature.length !== 64) throw new Error("malformed");
    var keys = Object.keys(payload);
    if (keys.length !== Object.keys(FIELDS).length) throw new Error("malformed");
    for (var name in FIELDS) {
      if (typeof payload[name] !== FIELDS[name]) throw new Error("malformed");
    }
    if (payload.v !== 1 || !Array.isArray(payload.z)) throw new Error("malformed");
    return { payload: payload, body: body, signature: signature };
  }

  var keyCache = {};

  function importKey(publicKeyB64) {
    if (!keyCache[publicKeyB64]) {
      keyCache[publicKeyB64] = crypto.subtle.importKey("raw", b64urlDecode(publicKeyB64), { name: "Ed25519" }, false, ["verify"]);
    }
    return keyCache[publicKeyB64];
  }

  /* "" when the signature verifies with a published key, else "unknown_key" | "retired_key" | "bad_signature". */
  async function verifySignature(keys, parsed) {
    var key = null;
    for (var i = 0; i < keys.length; i++) if (keys[i].kid === parsed.payload.kid) key = keys[i];
    if (!key) return "unknown_key";
    if (key.status === "retired") return "retired_key";
    var cryptoKey = await importKey(key.public_key);
    var ok = await crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, parsed.signature, parsed.body);
    return ok ? "" : "bad_signature";
  }

  var CREDENTIAL_REASONS = { malformed: "unknown", unknown_key: "forged", bad_signature: "forged", retired_key: "revoked" };

  /* The latest "everyone out" moment (list's HH:MM in Hà Nội, UTC+07:00, no DST) at or before `at` (ms). */
  function lastEveryoneOut(rules, at) {
    if (!rules.everyone_out_at) return null;
    var hm = rules.everyone_out_at.split(":");
    var offset = 7 * 3600 * 1000;
    var local = new Date(at + offset);
    var candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), +hm[0], +hm[1]) - offset;
    if (candidate > at) candidate -= 24 * 3600 * 1000;
    return candidate;
  }

  function isInside(rules, presence, at) {
    if (!presence || !presence.inside || !presence.last_entry_at) return false;
    var reset = lastEveryoneOut(rules, at);
    return reset === null || presence.last_entry_at > reset;
  }

  function within(start, end, at) {
    return (start === null || start === undefined || at >= start) && (end === null || end === undefined || at < end);
  }

  function ms(iso) {
    return iso ? Date.parse(iso) : null;
  }

  /* The refusal reason, or "" when accepted. `badge`: {serial, category, zones, valid_from, valid_until (ms),
     revoked}; `serialScanned` is the QR's serial (or null for a typed number). */
  function decide(rules, badge, serialScanned, direction, at, presence) {
    if (!badge) return "unknown";
    if (badge.revoked || (serialScanned !== null && serialScanned !== badge.serial)) return "revoked";
    if (direction === "exit") return "";
    if (!within(badge.valid_from, badge.valid_until, at)) return "outside_window";
    var admitted = rules.categories.indexOf(badge.category) >= 0 || (!!rules.zone && badge.zones.indexOf(rules.zone) >= 0);
    if (!admitted) return "wrong_zone";
    if (!within(ms(rules.valid_from), ms(rules.valid_until), at)) return "outside_window";
    if (!rules.entry_requires_exit) return "";
    if (isInside(rules, presence, at)) return "already_inside";
    if (presence && presence.entries && !rules.allow_reentry) return "already_inside";
    return "";
  }

  /* The whole offline check of one QR text: {reason, payload}. `pkg` is the synced package. */
  async function checkText(pkg, rules, text, direction, at, presenceOf) {
    var parsed;
    try {
      parsed = parse(text);
    } catch (e) {
      return { reason: "unknown", payload: null };
    }
    var problem = await verifySignature(pkg.keys || [], parsed);
    if (problem) return { reason: CREDENTIAL_REASONS[problem], payload: parsed.payload };
    var p = parsed.payload;
    var revoked = (pkg.revoked_serials || []).indexOf(p.sn) >= 0;
    var badge = { serial: p.sn, category: p.cat, zones: p.z, valid_from: p.nbf * 1000, valid_until: p.exp * 1000, revoked: revoked };
    return { reason: decide(rules, badge, p.sn, direction, at, presenceOf(p.sn)), payload: p };
  }

  global.HCVerdict = { parse: parse, verifySignature: verifySignature, decide: decide, checkText: checkText, lastEveryoneOut: lastEveryoneOut };
})(window);
