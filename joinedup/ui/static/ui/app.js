// JoinedUp's page script: starts GOV.UK Frontend and MOJ Frontend, says when a form is being
// sent (and sends it once), and warns before the session times out. Loaded as a module, so
// browsers too old for the components run none of it.
import { initAll as govukInitAll } from "../vendor/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../vendor/moj-frontend.min.js";

govukInitAll();
mojInitAll();

// One minute before the session (SESSION_COOKIE_AGE, renewed by every request) would expire,
// show a warning with "Stay signed in"; at expiry, go to the sign-in page.
function sessionTimeout() {
  const body = document.body;
  const seconds = Number(body.dataset.sessionTimeout || 0);
  const warning = document.getElementById("session-timeout-warning");
  if (!seconds || !warning) return;
  const stay = document.getElementById("session-timeout-stay");
  const warnAfter = Math.max(seconds - 60, 1) * 1000;
  let warnTimer;
  let expireTimer;

  function expire() {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`${body.dataset.signInUrl}?timeout=1&next=${next}`);
  }
  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(expireTimer);
    warnTimer = window.setTimeout(() => {
      warning.hidden = false;
      stay.focus();
    }, warnAfter);
    expireTimer = window.setTimeout(expire, seconds * 1000 - 2000);
  }
  stay.addEventListener("click", async () => {
    const response = await fetch(body.dataset.keepAliveUrl, { credentials: "same-origin" });
    if (response.redirected || !response.ok) {
      expire();
      return;
    }
    warning.hidden = true;
    schedule();
  });
  schedule();
}

// A form being sent says so and is sent once: its submit buttons read "Saving…" (a GET form:
// "Searching…"; or the form's data-busy-text), they are marked busy, and the page's status
// region announces it to screen readers. Buttons are not disabled, so the one pressed still
// sends its name and value; a second press while the first is on its way is ignored.
function sendOnce() {
  const status = document.getElementById("app-status");
  const busy = [];

  function reset() {
    for (const [form, buttons] of busy) {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
      for (const [button, text] of buttons) {
        button.textContent = text;
        button.removeAttribute("aria-disabled");
      }
    }
    busy.length = 0;
    if (status) status.textContent = "";
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "true";
    form.setAttribute("aria-busy", "true");
    const text = form.dataset.busyText || (form.method === "post" ? "Saving…" : "Searching…");
    const buttons = [];
    for (const button of form.querySelectorAll("button:not([type]), button[type=submit]")) {
      buttons.push([button, button.textContent]);
      button.textContent = text;
      button.setAttribute("aria-disabled", "true");
    }
    busy.push([form, buttons]);
    if (status) status.textContent = text;
  });
  // A page the browser shows again from its history is ready to send again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) reset();
  });
}

// A long form keeps a draft on the server as the worker types (nothing lost on a timeout or a
// closed laptop). Each save names the revision it started from; if another window saved since,
// the server refuses (409) and this page says so and stops saving, overwriting nothing.
function autosave() {
  const form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  const status = document.getElementById("draft-status");
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let timer;
  let stopped = false;

  async function save() {
    if (stopped) return;
    const data = {};
    new FormData(form).forEach((value, name) => {
      if (name === "csrfmiddlewaretoken") return;
      // A question with several ticks (the participants) keeps each, as a list.
      if (name in data) data[name] = [].concat(data[name], String(value));
      else data[name] = String(value);
    });
    const response = await fetch(form.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ data, revision: Number(form.dataset.revision || 0) }),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      form.dataset.revision = answer.revision;
      status.textContent = `Draft saved at ${answer.saved_at}.`;
    } else if (response.status === 409) {
      stopped = true;
      status.textContent = answer.message;
      status.classList.add("app-draft--conflict");
    }
  }
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 800);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => {
    stopped = true;
    window.clearTimeout(timer);
  });
}

sendOnce();
sessionTimeout();
autosave();
