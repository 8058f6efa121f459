/*
 * "War diese Seite hilfreich?" without reload. The widget works without this file: its
 * form posts to the server, which answers with a thank-you page. Here the same post goes
 * by fetch with the header X-Helpfulness-Widget; the server answers with the piece of
 * HTML that replaces the form: the thanks (into the widget's live region) or the form
 * again with the reason it was refused. Focus moves to that message.
 */
(function () {
    "use strict";

    if (!window.fetch || !window.FormData || !window.URLSearchParams) {
        return;
    }

    function focusMessage(widget) {
        var message = widget.querySelector("[data-helpfulness-focus]");
        if (message) {
            message.focus();
        }
    }

    document.querySelectorAll("[data-helpfulness]").forEach(function (widget) {
        var body = widget.querySelector("[data-helpfulness-body]");
        var status = widget.querySelector("[data-helpfulness-status]");

        widget.addEventListener("submit", function (event) {
            var form = event.target;
            event.preventDefault();
            if (form.dataset.sending) {
                return;
            }
            form.dataset.sending = "true";
            fetch(form.action, {
                method: "POST",
                body: new URLSearchParams(new FormData(form)),
                headers: { "X-Helpfulness-Widget": "1" },
                credentials: "same-origin"
            })
                .then(function (response) {
                    if (response.status >= 500) {
                        throw new Error("server error " + response.status);
                    }
                    return response.text().then(function (html) {
                        if (response.ok) {
                            body.remove();
                            status.innerHTML = html;
                        } else {
                            body.innerHTML = html;
                        }
                        focusMessage(widget);
                    });
                })
                .catch(function () {
                    // Let the browser send the form itself: the server's pages say the rest.
                    form.submit();
                });
        });
    });
})();
