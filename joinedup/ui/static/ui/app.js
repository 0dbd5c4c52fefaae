// JoinedUp's page script: starts GOV.UK Frontend and MOJ Frontend, and warns before the session
// times out. Loaded as a module, so browsers too old for the components run none of it.
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

sessionTimeout();
