/*
 * Search suggestions: turns every <input data-autocomplete-url> into a combobox with a
 * list of suggestions (WAI-ARIA 1.2 combobox pattern, list autocomplete). Without this
 * file, or without JavaScript, the input is a plain search box that submits its form.
 *
 * Keys: ArrowDown/ArrowUp move through the suggestions (and open the list), Enter opens
 * the selected suggestion (or submits the search when none is selected), Escape closes
 * the list (a second Escape clears the box), Tab leaves. A polite live region announces
 * how many suggestions there are.
 */
(function () {
    "use strict";

    var MIN_LENGTH = 2;
    var DELAY_MS = 200;

    function setUp(input, number) {
        var url = input.getAttribute("data-autocomplete-url");
        var messages = {
            none: input.getAttribute("data-autocomplete-none") || "",
            one: input.getAttribute("data-autocomplete-one") || "",
            many: input.getAttribute("data-autocomplete-many") || "",
        };
        var listId = (input.id || "search-input-" + number) + "-suggestions";

        var list = document.createElement("ul");
        list.id = listId;
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.getAttribute("data-autocomplete-label") || "");
        list.hidden = true;

        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");

        var wrapper = input.parentNode;
        wrapper.classList.add("autocomplete");
        input.insertAdjacentElement("afterend", list);
        wrapper.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("autocomplete", "off");

        var options = [];
        var active = -1;
        var timer = null;
        var controller = null;
        var shownQuery = null;

        function isOpen() {
            return !list.hidden;
        }

        function open() {
            if (options.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            select(-1);
        }

        function select(index) {
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "false");
            }
            active = index;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", options[active].id);
                if (options[active].scrollIntoView) {
                    options[active].scrollIntoView({ block: "nearest" });
                }
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function follow(index) {
            var option = options[index];
            if (option) {
                close();
                window.location.assign(option.getAttribute("data-url"));
            }
        }

        function announce(count) {
            var text = count === 0 ? messages.none : count === 1 ? messages.one : messages.many;
            status.textContent = text.replace("{count}", String(count));
        }

        function render(items, query) {
            shownQuery = query;
            list.textContent = "";
            options = [];
            active = -1;
            items.forEach(function (item, index) {
                var option = document.createElement("li");
                option.id = listId + "-" + index;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.setAttribute("data-url", item.url);
                var title = document.createElement("span");
                title.className = "autocomplete__title";
                title.textContent = item.title;
                var kind = document.createElement("span");
                kind.className = "autocomplete__type";
                kind.textContent = item.type_label || "";
                option.appendChild(title);
                option.appendChild(document.createTextNode(" "));
                option.appendChild(kind);
                // Keep the focus in the input while the pointer chooses.
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                });
                option.addEventListener("click", function () {
                    follow(index);
                });
                list.appendChild(option);
                options.push(option);
            });
            announce(items.length);
            if (items.length) {
                open();
            } else {
                close();
            }
        }

        function fetchSuggestions(query) {
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new window.AbortController() : null;
            var separator = url.indexOf("?") === -1 ? "?" : "&";
            window
                .fetch(url + separator + "q=" + encodeURIComponent(query), {
                    headers: { Accept: "application/json" },
                    signal: controller ? controller.signal : undefined,
                })
                .then(function (response) {
                    return response.ok ? response.json() : [];
                })
                .then(function (items) {
                    if (input.value.trim() === query) {
                        render(Array.isArray(items) ? items : [], query);
                    }
                })
                .catch(function () {
                    /* aborted or offline: the form still works */
                });
        }

        input.addEventListener("input", function () {
            var query = input.value.trim();
            window.clearTimeout(timer);
            if (query.length < MIN_LENGTH) {
                render([], null);
                status.textContent = "";
                return;
            }
            timer = window.setTimeout(function () {
                fetchSuggestions(query);
            }, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            switch (event.key) {
                case "ArrowDown":
                    if (!options.length) {
                        return;
                    }
                    event.preventDefault();
                    if (!isOpen()) {
                        open();
                        select(0);
                    } else {
                        select(active + 1 < options.length ? active + 1 : 0);
                    }
                    break;
                case "ArrowUp":
                    if (!options.length) {
                        return;
                    }
                    event.preventDefault();
                    if (!isOpen()) {
                        open();
                        select(options.length - 1);
                    } else {
                        select(active > 0 ? active - 1 : options.length - 1);
                    }
                    break;
                case "Enter":
                    if (isOpen() && active >= 0) {
                        event.preventDefault();
                        follow(active);
                    }
                    break;
                case "Escape":
                    if (isOpen()) {
                        event.preventDefault();
                        close();
                    } else if (input.value) {
                        event.preventDefault();
                        input.value = "";
                        render([], null);
                        status.textContent = "";
                    }
                    break;
                case "Tab":
                    close();
                    break;
                default:
                    break;
            }
        });

        input.addEventListener("focus", function () {
            if (shownQuery !== null && shownQuery === input.value.trim()) {
                open();
            }
        });

        input.addEventListener("blur", function () {
            close();
        });
    }

    var inputs = document.querySelectorAll("input[data-autocomplete-url]");
    if (!window.fetch) {
        return;
    }
    for (var i = 0; i < inputs.length; i += 1) {
        setUp(inputs[i], i);
    }
})();
