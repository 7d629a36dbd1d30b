/// The preview's own script and stylesheet, served at `/__porthole/` and
/// never written into a site. The script listens to the server's events:
/// `reload` reloads the page; `problems` shows them over the page (the last
/// good build stays underneath) until a build succeeds and reloads it. It
/// builds the overlay with `textContent` only: a message quotes content.
/// The words are the preview's (a PM's tool, not a client's page).
enum LiveScript {
    static let javascript = """
        (function () {
          "use strict";
          var me = document.currentScript;
          var build = me.dataset.build;
          if (me.dataset.unsealed) {
            document.addEventListener("DOMContentLoaded", function () {
              var banner = document.createElement("div");
              banner.className = "porthole-preview-banner";
              banner.setAttribute("role", "note");
              banner.textContent = "Preview: this portal is password-protected when published. " +
                "The preview shows it unencrypted; only this computer can see it.";
              document.body.insertBefore(banner, document.body.firstChild);
            });
          }
          function el(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) e.className = cls;
            if (text !== undefined) e.textContent = text;
            return e;
          }
          function showProblems(problems) {
            var old = document.getElementById("porthole-problems");
            if (old) old.remove();
            var box = el("div", "porthole-problems");
            box.id = "porthole-problems";
            box.setAttribute("role", "alert");
            box.appendChild(el("h2", null, "The preview could not be built"));
            box.appendChild(el("p", null, "The page below is the last good build. Fix the problem and save: this page reloads by itself."));
            var list = el("ol");
            problems.forEach(function (p) {
              var item = el("li");
              item.appendChild(el("p", "porthole-place", p.place + ": " + p.severity + ": " + p.message));
              if (p.source !== null && p.source !== undefined) {
                var caret = p.column ? "\\n" + " ".repeat(Math.max(0, p.column - 1)) + "^" : "";
                item.appendChild(el("pre", "porthole-source", p.source + caret));
              }
              list.appendChild(item);
            });
            box.appendChild(list);
            document.body.appendChild(box);
          }
          function connect() {
            var source = new EventSource("\(PreviewPage.eventsPath)?since=" + encodeURIComponent(build));
            source.addEventListener("reload", function (e) {
              if (e.data !== build) { source.close(); location.reload(); }
            });
            source.addEventListener("problems", function (e) {
              showProblems(JSON.parse(e.data));
            });
          }
          if (document.body) connect(); else document.addEventListener("DOMContentLoaded", connect);
        })();

        """

    static let stylesheet = """
        .porthole-preview-banner {
          position: sticky; top: 0; z-index: 2147483646; margin: 0; padding: .6em 1em;
          background: #ffe08a; color: #1a1a1a; font: 600 1rem/1.4 system-ui, sans-serif; text-align: center;
          border-bottom: 2px solid #1a1a1a;
        }
        .porthole-problems {
          position: fixed; inset: 0; z-index: 2147483647; overflow: auto; padding: 2em;
          background: rgba(20, 20, 24, .96); color: #f4f4f4; font: 1rem/1.5 system-ui, sans-serif;
        }
        .porthole-problems h2 { color: #ff8a80; font-size: 1.4em; margin: 0 0 .5em; }
        .porthole-problems ol { padding-left: 1.2em; }
        .porthole-problems .porthole-place { font-family: ui-monospace, monospace; margin: 1em 0 .3em; }
        .porthole-problems .porthole-source {
          background: #000; color: #ffd27f; padding: .6em 1em; overflow-x: auto; font: .95em/1.4 ui-monospace, monospace;
        }

        """
}
