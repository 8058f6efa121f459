/*
 * vlgsite – small progressive enhancements. The site works without this file.
 */
(function () {
    "use strict";

    // A form sent with errors: move focus to the summary so it is read first.
    var errorSummary = document.querySelector("[data-error-summary]");
    if (errorSummary) {
        errorSummary.focus();
    }

    // Forms that must not be sent twice (double click): ignore further submits.
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (form.dataset.submitted) {
                event.preventDefault();
                return;
            }
            form.dataset.submitted = "true";
        });
        // Back from the next page (back/forward cache): the form may be sent again.
        window.addEventListener("pageshow", function () {
            delete form.dataset.submitted;
        });
    });
})();

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
