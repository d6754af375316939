/* Page behaviour of the Instagram replica: the follower and following
   dialogs (fetched as JSON a dozen at a time as the list scrolls), more
   posts as the grid scrolls, the follow requests panel, and switches and
   radios that save on click. It talks only to /api/v1/ on this origin. */
(function () {
  "use strict";
  var C = {}, CFG = {};
  try { C = JSON.parse(document.getElementById("__cls").textContent); } catch (e) {}
  try { CFG = JSON.parse(document.getElementById("__cfg").textContent); } catch (e) {}
  function cx(k) { return C[k] || ""; }
  function el(tag, cls, attrs, kids) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (attrs) for (var a in attrs) if (attrs[a] !== null && attrs[a] !== undefined) n.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) { if (k != null) n.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return n;
  }
  // api calls the site's JSON API as the web client does.
  function api(path) {
    return window.fetch(path, { credentials: "same-origin", headers: { "X-IG-App-ID": CFG.app_id, "X-CSRFToken": CFG.csrf_token || "", "X-Requested-With": "XMLHttpRequest" } })
      .then(function (r) { return r.json(); });
  }
  function loader() { return el("div", cx("loader"), { role: "progressbar", "aria-busy": "true", "aria-valuetext": "Loading..." }); }

  function personRow(u, buttons) {
    var kids = [el("div", cx("personav"), null, [el("img", cx("navavatar"), { alt: u.username + "'s profile picture", src: "/static/img/avatar/" + CFG.viewer + ".png" })]),
      el("div", cx("persontext"), null, [el("div", null, null, [el("a", cx("personlink"), { href: "/" + u.username + "/", role: "link" }, [el("span", null, { dir: "auto" }, [u.username])])]),
        el("div", null, null, [el("span", cx("muted"), { dir: "auto" }, [u.full_name || ""])])])];
    buttons.forEach(function (b) { kids.push(el("div", null, null, [el("div", cx("btn"), { role: "button", tabindex: "0" }, [b])])); });
    return el("div", cx("person"), null, [el("div", cx("personin"), null, kids)]);
  }

  // ---- follower / following dialog ----
  function openList(kind, pk, user, push) {
    var portal = document.querySelector("[id^=portal_]");
    var title = kind === "followers" ? "Followers" : "Following";
    var box = el("div", cx("dlgscroll"));
    var rows = el("div", cx("dlgrows"));
    box.appendChild(rows);
    var close = el("div", cx("dlgclose"), { role: "button", tabindex: "0", "aria-label": "Close" }, ["×"]);
    var dlg = el("div", cx("dlgbackdrop"), null, [el("div", cx("dialog"), { role: "dialog", "aria-modal": "true" }, [
      el("div", cx("dlghead"), null, [el("div", null, null, [el("h1", cx("h3"), { dir: "auto" }, [title])]), close]),
      el("div", cx("dlgsearch"), null, [el("input", cx("input"), { type: "text", "aria-label": "Search input", placeholder: "Search" })]),
      box])]);
    portal.appendChild(dlg);
    if (push) history.pushState({}, "", "/" + user + "/" + kind + "/");
    var next = null, more = true, busy = false;
    function page() {
      if (busy || !more) return;
      busy = true;
      var spin = loader();
      box.appendChild(spin);
      var q = "/api/v1/friendships/" + pk + "/" + kind + "/?count=12" + (kind === "followers" ? "&search_surface=follow_list_page" : "") + (next ? "&max_id=" + encodeURIComponent(next) : "");
      api(q).then(function (d) {
        (d.users || []).forEach(function (u) { rows.appendChild(personRow(u, [kind === "followers" ? "Remove" : "Following"])); });
        more = !!d.has_more; next = d.next_max_id;
      }).catch(function () { more = false; }).then(function () {
        spin.remove(); busy = false;
        if (more && box.scrollHeight <= box.clientHeight + 4) page();
      });
    }
    box.addEventListener("scroll", function () { if (box.scrollTop + box.clientHeight >= box.scrollHeight - 40) page(); });
    function shut() { dlg.remove(); if (push) history.back(); document.removeEventListener("keydown", esc); }
    function esc(e) { if (e.key === "Escape") shut(); }
    close.addEventListener("click", shut);
    document.addEventListener("keydown", esc);
    page();
  }
  var prof = document.querySelector("[data-pk]");
  if (prof) {
    prof.addEventListener("click", function (e) {
      var a = e.target.closest("a[href]");
      if (!a) return;
      var m = new URL(a.href, location.href).pathname.match(/^\/[^/]+\/(followers|following)\/$/);
      if (!m) return;
      e.preventDefault();
      openList(m[1], prof.getAttribute("data-pk"), prof.getAttribute("data-user"), true);
    });
    if (prof.getAttribute("data-open")) openList(prof.getAttribute("data-open"), prof.getAttribute("data-pk"), prof.getAttribute("data-user"), false);
    // More posts as the end of the grid comes into view.
    var grid = prof.querySelector("[data-grid]");
    var gnext = grid && grid.getAttribute("data-next");
    var gbusy = false;
    var more = function () {
      if (!gnext || gbusy || !CFG.viewer) return;
      if (grid.getBoundingClientRect().bottom > window.innerHeight + 200) return;
      gbusy = true;
      var spin = loader();
      grid.parentNode.appendChild(spin);
      api("/api/v1/feed/user/" + prof.getAttribute("data-pk") + "/?count=12&max_id=" + encodeURIComponent(gnext)).then(function (d) {
        (d.items || []).forEach(function (it) {
          grid.appendChild(el("div", cx("tile"), null, [el("a", cx("tilelink"), { href: "/p/" + it.code + "/", role: "link", tabindex: "0" }, [
            el("div", cx("tilein"), null, [el("div", cx("tileimg"), null, [el("img", cx("img"), { alt: (it.caption && it.caption.text) || "", src: it.display_uri })])])])]));
        });
        gnext = d.more_available ? d.next_max_id : null;
      }).catch(function () { gnext = null; }).then(function () { spin.remove(); gbusy = false; });
    };
    window.addEventListener("scroll", more, { passive: true });
  }

  // ---- follow requests ----
  var entry = document.querySelector("[data-requests]");
  if (entry) {
    entry.addEventListener("click", function () {
      var panel = document.querySelector("[data-reqpanel]");
      panel.hidden = false;
      panel.textContent = "";
      var spin = loader();
      panel.appendChild(spin);
      api("/api/v1/friendships/pending/").then(function (d) {
        var list = el("div", cx("reqlist"));
        (d.users || []).forEach(function (u) { list.appendChild(personRow(u, ["Confirm", "Delete"])); });
        if (!(d.users || []).length) list.appendChild(el("div", cx("muted"), null, ["No follow requests"]));
        panel.appendChild(list);
      }).then(function () { spin.remove(); });
    });
  }

  // ---- switches and radios save on click ----
  document.addEventListener("change", function (e) {
    var s = e.target;
    if (s.matches && s.matches("[role=switch]")) s.setAttribute("aria-checked", s.checked ? "true" : "false");
  });
  document.addEventListener("click", function (e) {
    var r = e.target.closest && e.target.closest("[role=radio]");
    if (!r) return;
    var g = r.closest("[role=radiogroup]");
    g.querySelectorAll("[role=radio]").forEach(function (x) { x.setAttribute("aria-checked", x === r ? "true" : "false"); });
  });
})();
