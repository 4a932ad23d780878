/* Shows why an image dropped into the markdownx editor was refused.
   markdownx only logs a refused upload to the console and types "Invalid response" into the
   text; this puts the server's message next to the editor and takes that text back out. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".markdownx").forEach(function (editor) {
    var status = document.createElement("p");
    status.className = "markdownx-upload-status";
    status.setAttribute("role", "alert");
    editor.parentNode.insertBefore(status, editor);

    editor.addEventListener("markdownx.fileUploadError", function (event) {
      var response = event.detail && event.detail[0];
      var textarea = editor.querySelector("textarea");
      status.textContent = "Image not uploaded: " +
        ((response && response.error) || "the server refused the file.");
      // markdownx types its text only after it has sent this event, so wait for it.
      setTimeout(function () {
        if (!textarea) return;
        var at = textarea.value.lastIndexOf("Invalid response");
        if (at !== -1) {
          textarea.value = textarea.value.slice(0, at) + textarea.value.slice(at + 16);
          textarea.dispatchEvent(new Event("input"));  // and from the preview
        }
      }, 0);
    });
    editor.addEventListener("markdownx.fileUploadEnd", function () {
      status.textContent = "";
    });
  });
});
