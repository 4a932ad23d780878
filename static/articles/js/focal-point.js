/* Sets an article's focal point by a click on its featured image in the admin. The two
   number fields work without this; here a click fills them in and a marker shows the spot. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".focal-point").forEach(function (picker) {
    var image = picker.querySelector("img");
    var inputX = document.getElementById(picker.dataset.focusX);
    var inputY = document.getElementById(picker.dataset.focusY);
    if (!image || !inputX || !inputY) return;
    var marker = document.createElement("span");
    marker.className = "focal-point__marker";
    marker.setAttribute("aria-hidden", "true");
    picker.appendChild(marker);
    picker.classList.add("focal-point--active");

    function clamp(value) {
      var number = Math.round(Number(value));
      return isNaN(number) ? 50 : Math.min(100, Math.max(0, number));
    }
    function showMarker() {
      // CSSOM properties, not a style attribute: the Content-Security-Policy allows these.
      marker.style.left = clamp(inputX.value) + "%";
      marker.style.top = clamp(inputY.value) + "%";
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      inputX.value = clamp(((event.clientX - box.left) / box.width) * 100);
      inputY.value = clamp(((event.clientY - box.top) / box.height) * 100);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      inputY.dispatchEvent(new Event("change", { bubbles: true }));
      showMarker();
    });
    inputX.addEventListener("input", showMarker);
    inputY.addEventListener("input", showMarker);
    showMarker();
  });
});
