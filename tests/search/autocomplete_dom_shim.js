/*
 * Runs search/static/search/js/autocomplete.js against a minimal DOM stand-in and checks
 * the combobox behaviour (WAI-ARIA 1.2). Called by tests/search/test_autocomplete.py:
 *   node autocomplete_dom_shim.js path/to/autocomplete.js
 * Prints {"failures": [...]} as JSON.
 */
"use strict";

const fs = require("fs");
const vm = require("vm");

class Element {
    constructor(tagName) {
        this.tagName = tagName.toUpperCase();
        this.attributes = new Map();
        this.children = [];
        this.parentNode = null;
        this.listeners = {};
        this.hidden = false;
        this.className = "";
        this.value = "";
        this._text = "";
        const element = this;
        this.classList = {
            add(name) {
                element.className = (element.className + " " + name).trim();
            },
        };
    }
    get id() {
        return this.getAttribute("id") || "";
    }
    set id(value) {
        this.setAttribute("id", value);
    }
    setAttribute(name, value) {
        this.attributes.set(name, String(value));
    }
    getAttribute(name) {
        return this.attributes.has(name) ? this.attributes.get(name) : null;
    }
    removeAttribute(name) {
        this.attributes.delete(name);
    }
    hasAttribute(name) {
        return this.attributes.has(name);
    }
    appendChild(child) {
        child.parentNode = this;
        this.children.push(child);
        return child;
    }
    insertAdjacentElement(position, element) {
        if (position !== "afterend") throw new Error("unsupported position " + position);
        const siblings = this.parentNode.children;
        element.parentNode = this.parentNode;
        siblings.splice(siblings.indexOf(this) + 1, 0, element);
        return element;
    }
    get textContent() {
        return this._text + this.children.map((c) => c.textContent).join("");
    }
    set textContent(value) {
        this._text = String(value);
        this.children = [];
    }
    addEventListener(type, listener) {
        (this.listeners[type] = this.listeners[type] || []).push(listener);
    }
    dispatch(type, properties = {}) {
        const event = Object.assign(
            {
                type,
                defaultPrevented: false,
                preventDefault() {
                    this.defaultPrevented = true;
                },
            },
            properties,
        );
        (this.listeners[type] || []).forEach((listener) => listener(event));
        return event;
    }
    scrollIntoView() {}
}

class TextNode {
    constructor(text) {
        this.textContent = text;
    }
}

const form = new Element("form");
const input = new Element("input");
input.id = "site-search-input";
input.setAttribute("data-autocomplete-url", "/de/suche/autocomplete/");
input.setAttribute("data-autocomplete-label", "Vorschläge");
input.setAttribute("data-autocomplete-none", "Keine Vorschläge");
input.setAttribute("data-autocomplete-one", "1 Vorschlag.");
input.setAttribute("data-autocomplete-many", "{count} Vorschläge.");
form.appendChild(input);

const document = {
    querySelectorAll(selector) {
        if (selector !== "input[data-autocomplete-url]") throw new Error(selector);
        return [input];
    },
    createElement: (name) => new Element(name),
    createTextNode: (text) => new TextNode(text),
};

let timers = [];
let requests = [];
let nextResponse = [];
const visited = [];
const window = {
    fetch(url) {
        requests.push(url);
        const items = nextResponse;
        return Promise.resolve({ ok: true, json: () => Promise.resolve(items) });
    },
    setTimeout(callback) {
        timers.push(callback);
        return timers.length;
    },
    clearTimeout() {
        timers = [];
    },
    AbortController,
    location: { assign: (url) => visited.push(url) },
};

vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), { window, document, Array, String });

const failures = [];
function check(condition, message) {
    if (!condition) failures.push(message);
}
const list = form.children.find((c) => c.getAttribute("role") === "listbox");
const status = form.children.find((c) => c.getAttribute("role") === "status");
const options = () => list.children;
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function type(text, items) {
    input.value = text;
    nextResponse = items;
    input.dispatch("input");
    timers.splice(0).forEach((callback) => callback());
    await settle();
}

const key = (name) => input.dispatch("keydown", { key: name });

(async () => {
    check(input.getAttribute("role") === "combobox", "input has role=combobox");
    check(input.getAttribute("aria-expanded") === "false", "collapsed at first");
    check(input.getAttribute("aria-autocomplete") === "list", "aria-autocomplete=list");
    check(list && input.getAttribute("aria-controls") === list.id, "aria-controls names the listbox");
    check(list && list.hidden, "listbox hidden at first");
    check(list && list.getAttribute("aria-label") === "Vorschläge", "listbox has a label");
    check(status && status.getAttribute("aria-live") === "polite", "polite live region");
    check(form.className.includes("autocomplete"), "wrapper gets the autocomplete class");

    await type("P", []);
    check(requests.length === 0, "one character does not ask the server");

    const items = [
        { title: "Erster", url: "/de/eins/", type: "news", type_label: "News" },
        { title: "Zweiter", url: "/de/zwei/", type: "page", type_label: "Seite" },
        { title: "Dritter", url: "/de/drei/", type: "project", type_label: "Projekt" },
    ];
    await type("Pur", items);
    check(requests[0] === "/de/suche/autocomplete/?q=Pur", "asks the endpoint: " + requests[0]);
    check(!list.hidden, "listbox shown");
    check(input.getAttribute("aria-expanded") === "true", "expanded");
    check(options().length === 3, "three options");
    check(options().every((o) => o.getAttribute("role") === "option"), "role=option");
    check(options().every((o) => o.getAttribute("aria-selected") === "false"), "none selected");
    check(options()[0].textContent === "Erster News", "option text: " + options()[0].textContent);
    check(status.textContent === "3 Vorschläge.", "announces the count: " + status.textContent);

    let event = key("ArrowDown");
    check(event.defaultPrevented, "ArrowDown handled");
    check(options()[0].getAttribute("aria-selected") === "true", "ArrowDown selects the first");
    check(input.getAttribute("aria-activedescendant") === options()[0].id, "activedescendant");
    key("ArrowDown");
    key("ArrowDown");
    check(options()[2].getAttribute("aria-selected") === "true", "third selected");
    check(options()[0].getAttribute("aria-selected") === "false", "first deselected");
    key("ArrowDown");
    check(options()[0].getAttribute("aria-selected") === "true", "ArrowDown wraps to the first");
    key("ArrowUp");
    check(options()[2].getAttribute("aria-selected") === "true", "ArrowUp wraps to the last");

    event = key("Enter");
    check(event.defaultPrevented, "Enter on a suggestion does not submit the form");
    check(visited[0] === "/de/drei/", "Enter opens the selected suggestion: " + visited[0]);
    check(list.hidden && input.getAttribute("aria-expanded") === "false", "closed after Enter");
    check(!input.hasAttribute("aria-activedescendant"), "no active descendant when closed");

    await type("Pur", items);
    event = key("Enter");
    check(!event.defaultPrevented, "Enter without a selection submits the search form");

    await type("Pur", items);
    key("Escape");
    check(list.hidden && input.getAttribute("aria-expanded") === "false", "Escape closes");
    check(input.value === "Pur", "first Escape keeps the text");
    key("Escape");
    check(input.value === "", "second Escape clears the box");

    await type("Purx", []);
    check(list.hidden, "no suggestions: listbox hidden");
    check(status.textContent === "Keine Vorschläge", "announces none: " + status.textContent);

    await type("Pur", items);
    input.dispatch("blur");
    check(list.hidden, "leaving the box closes the list");
    input.dispatch("focus");
    check(!list.hidden, "coming back reopens the suggestions for the same text");
    options()[1].dispatch("click");
    check(visited[1] === "/de/zwei/", "a click opens the suggestion");

    process.stdout.write(JSON.stringify({ failures }));
})().catch((error) => {
    process.stdout.write(JSON.stringify({ failures: ["exception: " + error.stack] }));
});
