// Typing in a form keeps you signed in. A session ends after 30 minutes without a request
// (portal/security.py), and filling in one long form sends none until it is sent. While
// someone types in a form, this asks the portal "still here" at most every 5 minutes,
// which restarts the 30-minute clock. A page left alone still ends at 30 minutes, and
// nothing keeps a session past 12 hours. The page (see templates/base.html) gives the
// address in data-still-here-url; it only loads for people who are signed in.
const EVERY_MS = 5 * 60 * 1000;
const script = document.querySelector("script[data-still-here-url]");
const url = script ? script.dataset.stillHereUrl : "";
let lastAsked = Date.now(); // loading the page restarted the clock

function onInput(event) {
  const target = event.target;
  if (!url || !(target instanceof Element) || !target.closest("form")) {
    return;
  }
  const now = Date.now();
  if (now - lastAsked < EVERY_MS) {
    return;
  }
  lastAsked = now;
  // A session that has already ended answers with a redirect to sign in: leave it be, so
  // the form is still there; sending it will ask them to sign in.
  fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" }).catch(
    () => {},
  );
}

document.addEventListener("input", onInput, { passive: true });
