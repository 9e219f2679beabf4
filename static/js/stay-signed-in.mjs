// Typing in a form keeps you signed in. A session ends after 30 minutes without a request
// (portal/security.py), and filling in one long form sends none until it is sent. While
// someone types in a form, this asks the portal "still here" at most every 5 minutes,
// which restarts the 30-minute clock. Typing within 5 minutes of the last ask is not
// forgotten: it asks once when the 5 minutes are up (one wait at a time). A page left
// alone still ends at 30 minutes, and nothing keeps a session past 12 hours. The page
// (see templates/base.html) gives the address in data-still-here-url; it only loads for
// people who are signed in.
const EVERY_MS = 5 * 60 * 1000;
const script = document.querySelector("script[data-still-here-url]");
const url = script ? script.dataset.stillHereUrl : "";
let lastAsked = Date.now(); // loading the page restarted the clock
let waiting = null; // the one ask waiting for the 5 minutes to be up

function ask() {
  if (waiting !== null) {
    clearTimeout(waiting);
    waiting = null;
  }
  lastAsked = Date.now();
  // A session that has already ended answers with a redirect to sign in: leave it be, so
  // the form is still there; sending it will ask them to sign in.
  fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" }).catch(
    () => {},
  );
}

function onInput(event) {
  const target = event.target;
  if (!url || !(target instanceof Element) || !target.closest("form")) {
    return;
  }
  const wait = lastAsked + EVERY_MS - Date.now();
  if (wait <= 0) {
    ask();
  } else if (waiting === null) {
    waiting = setTimeout(ask, wait);
  }
}

document.addEventListener("input", onInput, { passive: true });
