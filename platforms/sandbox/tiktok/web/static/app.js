/* Page behaviour of the TikTok replica: the profile's video grid and the
   followers/following modal, both fetched as JSON from the same origin as
   the page scrolls, and the settings rows' option lists. */
(function () {
  "use strict";
  var C = {};
  try { C = JSON.parse(document.getElementById("__cls").textContent); } catch (e) {}
  function cx(k) { return C[k] || ""; }
  function el(tag, cls, attrs, kids) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (attrs) for (var a in attrs) if (attrs[a] !== null && attrs[a] !== undefined) n.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) { if (k !== null && k !== undefined) n.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return n;
  }
  function getJSON(u) {
    return fetch(u, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); });
  }
  var prof = document.querySelector("[data-secuid]");

  // The video grid: eight at a time, more when the loader scrolls into view.
  var grid = document.querySelector('[data-e2e="user-post-item-list"]');
  var loader = document.querySelector("[data-grid-loader]");
  if (prof && grid) {
    var cursor = "0", more = true, busy = false;
    var nick = prof.getAttribute("data-nickname"), handle = prof.getAttribute("data-handle");
    var page = function () {
      if (!more || busy) return;
      busy = true;
      getJSON("/api/post/item_list/?secUid=" + encodeURIComponent(prof.getAttribute("data-secuid")) + "&count=8&cursor=" + cursor).then(function (d) {
        (d.itemList || []).forEach(function (it) {
          var alt = it.desc + " created by " + nick + " with " + nick + "’s original sound";
          grid.appendChild(el("div", cx("griditem"), { "data-e2e": "user-post-item" }, [
            el("div", cx("griditemin"), null, [
              el("a", cx("gridlink"), { href: "/@" + handle + "/video/" + it.id, tabindex: "-1" }, [
                el("div", cx("cover"), null, [el("img", cx("coverimg"), { src: it.video.cover, alt: alt, loading: "lazy" })]),
                el("div", cx("gridviews"), null, [el("strong", cx("views"), { "data-e2e": "video-views" }, [String(it.stats.playCount)])])
              ])
            ])
          ]));
        });
        cursor = d.cursor || cursor;
        more = !!d.hasMore;
        busy = false;
        if (!more && loader) loader.remove();
        else check();
      }, function () { busy = false; });
    };
    var check = function () {
      if (!loader || !loader.isConnected) return;
      var r = loader.getBoundingClientRect();
      if (r.top < window.innerHeight + 100) page();
    };
    window.addEventListener("scroll", check, { passive: true });
    page();
  }

  // The followers/following modal (only the owner's counts open it).
  var owner = prof && prof.hasAttribute("data-owner");
  function openList(scene) {
    var back = el("div", cx("modalback"), null);
    var box = el("div", cx("scroll"), null);
    var list = el("div", cx("userlist"), { role: "list" });
    box.appendChild(list);
    var close = el("div", cx("close"), { role: "button", tabindex: "0", "aria-label": "Close" }, ["×"]);
    var tabs = el("div", cx("modaltabs"), { role: "tablist" }, [
      el("div", cx("modaltab"), { role: "tab", "aria-selected": String(scene === 21) }, ["Following"]),
      el("div", cx("modaltab"), { role: "tab", "aria-selected": String(scene === 67) }, ["Followers"])
    ]);
    var dlg = el("div", cx("modal"), { role: "dialog", "aria-modal": "true" }, [el("div", cx("modalhead"), null, [tabs, close]), box]);
    back.appendChild(dlg);
    document.body.appendChild(back);
    var min = 0, more = true, busy = false;
    var spin = el("div", cx("loader"), { role: "progressbar", "aria-busy": "true" });
    box.appendChild(spin);
    var page = function () {
      if (!more || busy) return;
      busy = true;
      getJSON("/api/user/list/?secUid=" + encodeURIComponent(prof.getAttribute("data-secuid")) + "&count=30&minCursor=" + min + "&maxCursor=0&scene=" + scene).then(function (d) {
        (d.userList || []).forEach(function (u) {
          list.appendChild(el("div", cx("useritem"), { role: "listitem" }, [
            el("a", cx("userlink"), { href: "/@" + u.user.uniqueId }, [
              el("img", cx("av40"), { src: u.user.avatarThumb, alt: "" }),
              el("div", cx("usertext"), null, [el("p", cx("uid"), null, [u.user.uniqueId]), el("p", cx("nick"), null, [u.user.nickname])])
            ]),
            el("button", cx("btngrey"), { type: "button" }, [scene === 21 ? "Following" : "Remove"])
          ]));
        });
        min = d.minCursor || min;
        more = !!d.hasMore;
        busy = false;
        if (!more) spin.remove();
      }, function () { busy = false; });
    };
    box.addEventListener("scroll", function () { if (box.scrollTop + box.clientHeight > box.scrollHeight - 60) page(); });
    var shut = function () { back.remove(); document.removeEventListener("keydown", esc); };
    var esc = function (e) { if (e.key === "Escape") shut(); };
    document.addEventListener("keydown", esc);
    close.addEventListener("click", shut);
    page();
  }
  if (owner) {
    document.querySelectorAll('[data-e2e="followers-wrap"], [data-e2e="following-wrap"]').forEach(function (w) {
      w.addEventListener("click", function () { openList(w.getAttribute("data-e2e") === "followers-wrap" ? 67 : 21); });
    });
  }

  // A settings row opens its options; the site saves on selection.
  document.querySelectorAll('[aria-haspopup="dialog"][data-key]').forEach(function (row) {
    row.addEventListener("click", function () {
      var cur = (row.querySelector("[class] span") || row).textContent.trim();
      var opts = ["Everyone", "Friends"].map(function (o) {
        return el("div", cx("opt"), { role: "menuitemradio", "aria-checked": String(o === cur), tabindex: "0" }, [o]);
      });
      var back = el("div", cx("modalback"), null, [el("div", cx("modal"), { role: "dialog", "aria-modal": "true" }, opts)]);
      back.addEventListener("click", function (e) { if (e.target === back) back.remove(); });
      document.body.appendChild(back);
    });
  });
})();
