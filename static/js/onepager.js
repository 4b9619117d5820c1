// The "being prepared" page of a one-page PDF: ask again every two seconds (a HEAD request
// answers 200 once the file is there), then start the download. Without this file the page's
// link does the same by hand.
(function () {
  "use strict";
  var status = document.getElementById("onepager-status");
  if (!status || !window.fetch) { return; }
  var url = status.getAttribute("data-pdf-url");
  var tries = 0;
  function check() {
    tries += 1;
    fetch(url, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
      if (response.status === 200) {
        var ready = document.getElementById("onepager-ready");
        if (ready) { status.replaceChildren(ready.content.cloneNode(true)); }
        window.location.assign(url);
      } else if (tries < 60) {
        window.setTimeout(check, 2000);
      }
    }).catch(function () {
      if (tries < 60) { window.setTimeout(check, 4000); }
    });
  }
  window.setTimeout(check, 1500);
})();
