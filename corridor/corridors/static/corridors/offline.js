// Keeps a registration that could not be sent and sends it again when the phone is back
// online. The form's submission key makes a resend harmless: the server keeps one copy.
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  if (!form || !window.fetch || !window.localStorage) return;
  var queueName = form.getAttribute("data-offline-queue");
  var status = document.getElementById("offline-status");

  function load() {
    try { return JSON.parse(localStorage.getItem(queueName) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(queueName, JSON.stringify(queue)); }
  function say(text) { if (status) status.textContent = text; }

  function send(entry) {
    var body = new URLSearchParams(entry.fields);
    return fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) { return response.ok || response.status === 422; });
  }

  function flush() {
    var queue = load();
    if (!queue.length || !navigator.onLine) return;
    var entry = queue[0];
    send(entry).then(function (done) {
      if (done) { save(load().slice(1)); say(form.getAttribute("data-sent")); flush(); }
    }).catch(function () {});
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return;  // online: the ordinary post, nothing to keep
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, key) { fields.push([key, String(value)]); });
    var queue = load();
    queue.push({ fields: fields });
    save(queue);
    say(form.getAttribute("data-queued") + " " + queue.length);
    form.reset();
    var key = form.querySelector("input[name=key]");
    if (key) key.value = "web-" + Date.now() + "-" + Math.random().toString(36).slice(2);
  });
  window.addEventListener("online", flush);
  flush();
})();
