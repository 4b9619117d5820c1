// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Tell the server the browser's time zone, so visitors who are not signed in see times in it.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("portal_tz=" + zone) === -1) {
      var secure = location.protocol === "https:" ? ";secure" : "";
      document.cookie = "portal_tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;samesite=lax" + secure;
    }
  } catch (e) { /* an old browser: the server's default zone is used */ }
})();
