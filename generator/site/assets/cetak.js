/* Print buttons ([data-sop-cetak], e.g. on the checklist page): hidden in the
 * page, shown by this script, so a browser without scripts shows no dead
 * button (its own print command still works). The print stylesheet (sop.css)
 * puts only the sheet on paper.
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-sop-cetak]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
