/* Comments: an enhancement only. "Reply" moves the comment form under the comment instead of
   reloading the page; without JavaScript the link's ?reply= address does the same job. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form || !form.querySelector) return;
  var parentInput = form.querySelector('input[name="parent"]');
  var heading = document.getElementById("comment-form-heading");
  var textarea = form.querySelector("textarea");
  if (!parentInput || !heading || !textarea) return;
  var home = document.createComment("comment form");
  form.parentNode.insertBefore(home, form);
  var submit = form.querySelector('button[type="submit"]');
  var originalHeading = heading.textContent;
  var originalSubmit = submit ? submit.textContent : "";
  var cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "comment-form__cancel";
  cancel.textContent = "Cancel reply";
  cancel.hidden = true;
  heading.after(cancel);

  function reset() {
    home.after(form);
    parentInput.value = "";
    heading.textContent = originalHeading;
    if (submit) submit.textContent = originalSubmit;
    cancel.hidden = true;
    textarea.focus();
  }

  cancel.addEventListener("click", reset);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (!link) return;
    var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
    var body = comment && comment.querySelector(".comment__body");
    if (!body) return;
    event.preventDefault();
    body.after(form);
    parentInput.value = link.getAttribute("data-reply-to");
    heading.textContent = "Reply to " + link.getAttribute("data-reply-name");
    if (submit) submit.textContent = "Post reply";
    cancel.hidden = false;
    textarea.focus();
  });
})();
