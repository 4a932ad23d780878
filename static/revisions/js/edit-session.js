/* Tells the newsroom every minute, while this article form is on screen, that its editor
   still has it open, so others opening it keep seeing "being edited by ...". Without it the
   notice lasts REVISIONS_EDIT_SESSION_MINUTES from when the form was opened. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var marker = document.querySelector(".edit-session[data-url]");
  var form = document.getElementById("article_form");
  var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!marker || !token) return;
  setInterval(function () {
    if (document.visibilityState !== "visible") return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    fetch(marker.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .catch(function () {
        // Offline for a moment: the next minute tries again.
      });
  }, 60000);
});
