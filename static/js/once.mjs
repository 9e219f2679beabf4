// Send a form once: after the first submit, its submit buttons are marked as sent and
// further submits are ignored until the page is shown again. The server-side one-time
// token (portal/once.py) is what guarantees one record; this only saves a wasted
// request on a slow network. Buttons get aria-disabled rather than disabled, so the
// button that was pressed still sends its name and value.
const BUTTONS = 'button:not([type]), button[type="submit"], input[type="submit"]';

function onSubmit(event) {
  const form = event.target;
  // This listener is on the document, so it runs after the form's own handlers: a submit
  // they stopped (a confirmation, say) does not count.
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== "post") {
    return;
  }
  if (form.dataset.sent === "true") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "true";
  for (const button of form.querySelectorAll(BUTTONS)) {
    button.setAttribute("aria-disabled", "true");
  }
}

// Coming back to the page (the back button): the form may be sent again.
function onPageShow() {
  for (const form of document.querySelectorAll('form[data-sent="true"]')) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll(BUTTONS)) {
      button.removeAttribute("aria-disabled");
    }
  }
}

document.addEventListener("submit", onSubmit);
window.addEventListener("pageshow", onPageShow);
