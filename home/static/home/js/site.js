/*
 * vlgsite – small progressive enhancements. The site works without this file.
 */
(function () {
    "use strict";

    // Skip link: besides jumping to #main, move keyboard focus there so that the
    // next Tab continues inside the content (some browsers only scroll).
    var skipLink = document.querySelector(".skip-link");
    if (!skipLink) {
        return;
    }
    skipLink.addEventListener("click", function () {
        var target = document.getElementById("main");
        if (!target) {
            return;
        }
        if (!target.hasAttribute("tabindex")) {
            target.setAttribute("tabindex", "-1");
        }
        target.focus();
    });
})();
