// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Tell the server the browser's time zone, so visitors who are not signed in see times in it
  // from the next page on. The value is URL-encoded (Asia%2FTokyo); the server decodes it.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var stored = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf("portal_tz=") === 0;
    })[0];
    var current = stored ? decodeURIComponent(stored.slice("portal_tz=".length)) : "";
    if (zone && current !== zone) {
      var secure = location.protocol === "https:" ? ";secure" : "";
      document.cookie = "portal_tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;samesite=lax" + secure;
    }
  } catch (e) { /* an old browser: the server's default zone is used */ }

  // The menu button (phones): the header's links fold behind it. Without this script, or on a
  // wide screen, the links are always shown and the button is not.
  var header = document.querySelector(".site-header");
  var menuButton = header && header.querySelector(".menu-button[aria-controls]");
  var menu = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
  if (menu) {
    var setOpen = function (open) {
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    };
    var isOpen = function () { return menuButton.getAttribute("aria-expanded") === "true"; };
    header.classList.add("has-menu");
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () { setOpen(!isOpen()); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        var inside = menu.contains(document.activeElement);
        setOpen(false);
        if (inside || document.activeElement === menuButton) { menuButton.focus(); }
      }
    });
    // A click or a tap outside the header folds the menu away again.
    document.addEventListener("click", function (event) {
      if (isOpen() && !header.contains(event.target)) { setOpen(false); }
    });
    // Tabbing past the last link folds it too, so it never covers the page being read.
    menu.addEventListener("focusout", function (event) {
      if (isOpen() && event.relatedTarget && !header.contains(event.relatedTarget)) { setOpen(false); }
    });
  }

  // Drawers that are folded on phones start open on wider screens: <details data-open-wide="52rem">.
  document.querySelectorAll("details[data-open-wide]").forEach(function (drawer) {
    var wide = window.matchMedia("(min-width: " + drawer.getAttribute("data-open-wide") + ")");
    if (wide.matches) { drawer.open = true; }
    wide.addEventListener("change", function (event) { if (event.matches) { drawer.open = true; } });
  });

  // A filter box over grouped checkboxes: typing a name hides the others (chosen ones stay).
  document.querySelectorAll("input[data-filter-choices]").forEach(function (box) {
    var choices = document.getElementById(box.getAttribute("data-filter-choices"));
    if (!choices) { return; }
    box.parentNode.hidden = false;
    var fold = function (text) { return text.normalize("NFKC").toLowerCase(); };
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      choices.querySelectorAll("fieldset").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var checked = item.querySelector("input:checked");
          var match = !wanted || checked || fold(item.textContent).indexOf(wanted) !== -1;
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
  });

  // Copy buttons: <button data-copy="element-id"> copies that field's value.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (!field) { return; }
      var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        try { if (document.execCommand("copy")) { done(); } } catch (e) { /* selected: Ctrl+C works */ }
      }
    });
  });
})();
