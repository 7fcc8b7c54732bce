// Proof of work for the public tracing form (ALTCHA v1 protocol), without inline script.
// Finds n with SHA-256(salt + n) == challenge and puts the signed answer in the form.
(function () {
  "use strict";
  async function sha256hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  async function solve(box) {
    const c = JSON.parse(box.dataset.challenge);
    const status = box.querySelector(".altcha-status");
    const input = document.querySelector("input[name=altcha]");
    const submit = box.closest("form").querySelector("button[type=submit]");
    for (let n = 0; n <= c.maxnumber; n++) {
      if ((await sha256hex(c.salt + n)) === c.challenge) {
        const payload = { algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature };
        input.value = btoa(JSON.stringify(payload));
        box.dataset.state = "verified";
        status.textContent = box.dataset.done;
        if (submit) submit.disabled = false;
        return;
      }
    }
    status.textContent = box.dataset.failed;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".altcha[data-challenge]").forEach(function (box) {
      solve(box);
    });
  });
})();
