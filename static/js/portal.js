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
