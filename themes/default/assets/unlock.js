// Opens a password portal's page in the browser (site.md "password").
// The page arrives as AES-256-GCM ciphertext; the key is derived from the
// password with PBKDF2-HMAC-SHA-256 and kept in sessionStorage, so one entry
// unlocks every page of the portal until the browser session ends or the
// reader presses Lock. Nothing leaves the browser.
(function () {
  "use strict";
  var sealedElement = document.getElementById("porthole-sealed");
  if (!sealedElement || !window.crypto || !window.crypto.subtle) { return; }
  var sealed = JSON.parse(sealedElement.textContent);
  var storageKey = "porthole-key:" + sealed.salt;
  var encoder = new TextEncoder();
  // The words are the theme's, in the portal's language (locked.mustache);
  // read now, since show() replaces the document that holds them.
  var words = (document.getElementById("unlock-form") || { dataset: {} }).dataset;

  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function toBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary);
  }

  function storedKey() {
    try { return sessionStorage.getItem(storageKey); } catch (e) { return null; }
  }

  function deriveKeyBytes(password) {
    return crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"])
      .then(function (material) {
        return crypto.subtle.deriveBits(
          { name: "PBKDF2", salt: fromBase64(sealed.salt), iterations: sealed.iterations, hash: "SHA-256" },
          material, 256);
      })
      .then(function (bits) { return new Uint8Array(bits); });
  }

  function open(keyBytes) {
    var data = fromBase64(sealed.data);
    return crypto.subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"])
      .then(function (key) {
        return crypto.subtle.decrypt(
          { name: "AES-GCM", iv: data.slice(0, 12), additionalData: encoder.encode(sealed.path), tagLength: 128 },
          key, data.slice(12));
      })
      .then(function (plain) { return new TextDecoder().decode(plain); });
  }

  function lock() {
    try { sessionStorage.removeItem(storageKey); } catch (e) { /* storage disabled */ }
    location.reload();
  }

  // Replaces this shell with the decrypted page. The page carries no script
  // of its own; the Lock button is added here.
  function show(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var root = document.importNode(page.documentElement, true);
    document.replaceChild(root, document.documentElement);
    var header = document.querySelector(".site-header__inner");
    if (header) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lock-button";
      button.textContent = words.lock || "Lock";
      button.addEventListener("click", lock);
      header.appendChild(button);
    }
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) { target.scrollIntoView(); }
    }
  }

  function showForm(message) {
    var form = document.getElementById("unlock-form");
    var status = document.getElementById("unlock-message");
    var input = document.getElementById("unlock-password");
    form.hidden = false;
    if (message) { status.textContent = message; }
    input.focus();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      status.textContent = words.unlocking || "Unlocking…";
      deriveKeyBytes(input.value)
        .then(function (keyBytes) {
          return open(keyBytes).then(function (html) {
            try { sessionStorage.setItem(storageKey, toBase64(keyBytes)); } catch (e) { /* storage disabled */ }
            show(html);
          });
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = words.wrong || "That password is not right. Please try again.";
          input.select();
        });
    });
  }

  function start() {
    var saved = storedKey();
    if (!saved) { showForm(""); return; }
    open(fromBase64(saved)).then(show).catch(function () {
      // The portal's password changed since this session stored its key.
      try { sessionStorage.removeItem(storageKey); } catch (e) { /* storage disabled */ }
      showForm("");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
