/*
 * Training video progress (plain ES2017, no build step). Loaded with `defer` by
 * templates/training/includes/player_script.html; the page works without it.
 *
 * - Finds <video id="session-video">. When its length is known, jumps to where the person
 *   stopped last time, unless that was in the first few seconds or near the end.
 * - Counts the seconds actually played (not skipped by seeking) and reports them with the
 *   current position to training:progress every 15 seconds of playing, and when the video
 *   is paused or ends, the tab is hidden or the page is left.
 * - Reports go by navigator.sendBeacon (it survives leaving the page; fetch otherwise).
 *   A beacon cannot set headers, so the CSRF token goes in the form body.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const video = document.getElementById("session-video");
  if (!script || !video || !script.dataset.progressUrl) {
    return;
  }

  const url = script.dataset.progressUrl;
  const token = script.dataset.csrfToken || "";
  const saved = Number(script.dataset.position) || 0;
  const REPORT_EVERY = 15; // seconds of playing
  const SKIP_START = 5; // a saved place this early is not worth jumping to
  const NEAR_END = 15; // nor one this close to the end: start again instead

  let watched = 0; // seconds played since the last report
  let lastTime = null; // where the video was at the last "timeupdate" while playing
  let reportedPosition = Math.floor(saved);

  const resume = () => {
    const length = video.duration;
    if (
      saved > SKIP_START &&
      Number.isFinite(length) &&
      saved < length - NEAR_END &&
      video.currentTime < 1
    ) {
      video.currentTime = saved;
    }
  };

  const report = () => {
    const seconds = Math.floor(watched);
    const position = Math.floor(video.currentTime || 0);
    if (seconds < 1 && position === reportedPosition) {
      return;
    }
    watched -= seconds;
    reportedPosition = position;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("seconds", String(seconds));
    body.append("position", String(position));
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) {
      return;
    }
    if (window.fetch) {
      fetch(url, { method: "POST", body, credentials: "same-origin", keepalive: true }).catch(
        () => {}
      );
    }
  };

  if (video.readyState >= 1) {
    resume();
  } else {
    video.addEventListener("loadedmetadata", resume, { once: true });
  }

  video.addEventListener("timeupdate", () => {
    const now = video.currentTime;
    if (!video.paused && !video.seeking && lastTime !== null) {
      const step = now - lastTime;
      // Small forward steps are playing; a jump is someone moving through the video.
      if (step > 0 && step < 2) {
        watched += step;
      }
    }
    lastTime = now;
    if (watched >= REPORT_EVERY) {
      report();
    }
  });
  video.addEventListener("seeking", () => {
    lastTime = null;
  });
  video.addEventListener("pause", report);
  video.addEventListener("ended", report);
  window.addEventListener("pagehide", report);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      report();
    }
  });
})();
