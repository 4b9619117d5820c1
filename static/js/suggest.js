// Suggestions as a person types in the catalogue's search box: an ARIA 1.2 combobox with a
// listbox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Progressive enhancement only:
// without this file the box is a plain search box and the form searches as before.
(function () {
  "use strict";
  var box = document.querySelector(".suggest[data-suggest-url]");
  var input = box && box.querySelector("input[name=q]");
  var list = box && box.querySelector("[role=listbox]");
  var status = box && box.querySelector("[role=status]");
  if (!input || !list || !status || !window.fetch) { return; }
  var MIN = 2, MAX = 100, WAIT = 200;
  var url = box.getAttribute("data-suggest-url");
  var timer = null, controller = null, asked = "", active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  function options() { return list.querySelectorAll("[role=option]"); }

  function announce(count) {
    var text = count === 0 ? box.getAttribute("data-suggest-count-none")
      : count === 1 ? box.getAttribute("data-suggest-count-one")
      : box.getAttribute("data-suggest-count-many").replace("{count}", String(count));
    status.textContent = text;
  }

  function setActive(index) {
    var all = options();
    active = index;
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function show(labels) {
    list.textContent = "";
    labels.forEach(function (label, i) {
      var option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = list.id + "-" + i;
      option.setAttribute("aria-selected", "false");
      option.textContent = label;
      list.appendChild(option);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = labels.length === 0;
    input.setAttribute("aria-expanded", labels.length ? "true" : "false");
    announce(labels.length);
  }

  function choose(option) {
    input.value = option.textContent;
    close();
    if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
  }

  function ask() {
    var q = input.value.trim();
    if (q === asked) { return; }
    asked = q;
    if (controller) { controller.abort(); controller = null; }
    if (q.length < MIN || q.length > MAX) { show([]); close(); status.textContent = ""; return; }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (data) {
      if (q !== input.value.trim()) { return; }  // an answer to what was typed before
      show((data.suggestions || []).map(function (s) { return s.label; }));
    }).catch(function () { /* aborted or offline: the search itself still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT);
  });

  input.addEventListener("keydown", function (event) {
    // Keys that a Japanese input method is using (Enter confirms the kana → kanji conversion).
    if (event.isComposing || event.keyCode === 229) { return; }
    var all = options();
    var open = !list.hidden && all.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) { return; }
      event.preventDefault();
      if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      if (next >= all.length) { next = 0; }
      if (next < 0) { next = all.length - 1; }
      setActive(next);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(all[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();  // keep the text: a search box's own Escape would clear it
      close();
    }
  });

  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) { choose(option); }
  });
  input.addEventListener("blur", close);
})();
