/* Keeps what an editor types into the article form in this browser's local storage until it
   is saved, and offers it back after a closed tab, a crash or a lost connection. Without
   JavaScript (or storage) the form works as ever; nothing leaves the browser. */
"use strict";
(function () {
  var PREFIX = "newsapp:unsaved:";
  var SUBMITTED = "newsapp:unsaved-submitted";
  var storage;
  try {
    storage = window.localStorage;
    storage.getItem(PREFIX);
  } catch (error) {
    return; // storage switched off: nothing to keep
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or refused: the form itself is unaffected.
    }
  }

  // The first page after the form was sent: a success message means it was saved, so its
  // text need not be kept; the form again with its errors (say, an edit conflict) keeps it.
  function settleSubmission() {
    var key;
    try {
      key = window.sessionStorage.getItem(SUBMITTED);
      window.sessionStorage.removeItem(SUBMITTED);
    } catch (error) {
      return;
    }
    var saved = document.querySelector(".messagelist .success") &&
      !document.querySelector(".errornote");
    if (key && saved) storage.removeItem(key);
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    settleSubmission();
    var form = document.getElementById("article_form");
    if (!form) return;
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-unsaved-text]"));
    if (!fields.length) return;
    var version = document.getElementById("id_based_on_version");
    var key = PREFIX + window.location.pathname;
    var startedFrom = version ? version.value : "";
    var offered = read(key);
    var deciding = false;
    var timer = null;

    function values() {
      var current = {};
      fields.forEach(function (field) {
        current[field.dataset.unsavedText] = field.value;
      });
      return current;
    }

    function differs(kept) {
      return fields.some(function (field) {
        var name = field.dataset.unsavedText;
        return Object.prototype.hasOwnProperty.call(kept, name) && kept[name] !== field.value;
      });
    }

    function keepNow() {
      clearTimeout(timer);
      if (!deciding) write(key, { fields: values(), version: startedFrom, at: Date.now() });
    }

    function keepSoon() {
      clearTimeout(timer);
      timer = setTimeout(keepNow, 400);
    }

    function offer(kept) {
      deciding = true;
      var box = document.createElement("div");
      box.className = "unsaved-text";
      box.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = "This browser kept text you typed here at " + clock(kept.at) +
        " that was not saved.";
      if (version && kept.version && kept.version !== version.value) {
        text.textContent += " The article has been saved since: if you restore your text " +
          "and save, you are first shown what changed.";
      }
      text.textContent += " What you type now is kept once you choose.";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button";
      restore.textContent = "Restore my unsaved text";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button";
      discard.textContent = "Discard it";
      box.append(text, restore, discard);
      form.insertBefore(box, form.firstChild);

      restore.addEventListener("click", function () {
        fields.forEach(function (field) {
          var name = field.dataset.unsavedText;
          if (Object.prototype.hasOwnProperty.call(kept.fields, name)) {
            field.value = kept.fields[name];
            field.dispatchEvent(new Event("input", { bubbles: true })); // the live preview
          }
        });
        // Saved against the version it was typed on, so a change since is an edit conflict.
        if (version && kept.version) {
          version.value = kept.version;
          startedFrom = kept.version;
        }
        decided(box);
      });
      discard.addEventListener("click", function () {
        decided(box);
      });
    }

    function decided(box) {
      deciding = false;
      box.remove();
      keepNow();
    }

    if (offered && offered.fields && differs(offered.fields)) {
      offer(offered);
    }
    fields.forEach(function (field) {
      field.addEventListener("input", keepSoon);
    });
    form.addEventListener("submit", function () {
      keepNow();
      try {
        window.sessionStorage.setItem(SUBMITTED, key);
      } catch (error) {
        // Without session storage the text stays kept until the form is next opened.
      }
    });
  });
})();
