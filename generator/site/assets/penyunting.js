/* The editor view (YAML path, edit link, findings; the tool's documentation):
 * hidden from readers, shown when the footer's toggle is on. The choice is
 * remembered by this browser; theme/main.html applies it before the page shows.
 */
(function () {
  "use strict";
  var toggle = document.querySelector("[data-sop-penyunting]");
  if (toggle) {
    var html = document.documentElement;
    toggle.setAttribute("aria-pressed", String(html.classList.contains("sop-penyunting")));
    toggle.addEventListener("click", function () {
      var on = !html.classList.contains("sop-penyunting");
      html.classList.toggle("sop-penyunting", on);
      toggle.setAttribute("aria-pressed", String(on));
      try {
        localStorage.setItem("sop-penyunting", on ? "1" : "0");
      } catch (e) {}
    });
  }
})();
