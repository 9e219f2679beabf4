// Initialises the NHS.UK frontend components (header menu, error summary focus,
// password reveal, buttons...). Pages work without it.
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";

initAll();
