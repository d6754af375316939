/* Page behaviour of the WhatsApp Web replica: linking by QR code, the chat
   list fetched a page at a time, and the drawers (settings, privacy and its
   sub-panels, profile, status) drawn from JSON. It talks only to its own
   origin. */
(function () {
  "use strict";

  var C = {};
  try { C = JSON.parse(document.getElementById("__cls").textContent); } catch (e) {}
  function cx(k) { return C[k] || ""; }

  function el(tag, cls, attrs, kids) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (attrs) for (var a in attrs) if (attrs[a] !== null && attrs[a] !== undefined && attrs[a] !== false) n.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) {
      if (k === null || k === undefined) return;
      n.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    });
    return n;
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }
  function onActivate(node, fn) {
    node.addEventListener("click", fn);
    node.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fn(e); } });
  }

  // ---- linking ----
  function landing(root) {
    var box = root.querySelector("[data-ref]");
    var img = box.querySelector("img");
    var expired = root.querySelector("[data-qr-expired]");
    var rounds = 0;
    var timer = null;
    function show(ref) {
      box.setAttribute("data-ref", ref);
      img.src = "/qr.png?ref=" + encodeURIComponent(ref);
    }
    function poll() {
      var ref = box.getAttribute("data-ref");
      getJSON("/api/link/poll?ref=" + encodeURIComponent(ref)).then(function (r) {
        if (r.state === "linked") { location.reload(); return; }
        if (r.state === "expired") {
          rounds++;
          // The real page gives up after a few codes and waits for a click.
          if (rounds >= 5) { box.hidden = true; expired.hidden = false; return; }
          fetch("/api/link/ref", { method: "POST", credentials: "same-origin" }).then(function (x) { return x.json(); }).then(function (x) {
            show(x.ref);
            timer = setTimeout(poll, 400);
          });
          return;
        }
        timer = setTimeout(poll, 400);
      }).catch(function () { timer = setTimeout(poll, 1500); });
    }
    onActivate(expired.querySelector("button"), function () {
      rounds = 0;
      fetch("/api/link/ref", { method: "POST", credentials: "same-origin" }).then(function (x) { return x.json(); }).then(function (x) {
        show(x.ref);
        box.hidden = false;
        expired.hidden = true;
        clearTimeout(timer);
        poll();
      });
    });
    var phone = root.querySelector("[data-phone-login]");
    onActivate(phone, function () { root.querySelector("[data-phone-form]").hidden = false; });
    poll();
  }

  // ---- chat list ----
  function chatList(root) {
    var grid = root.querySelector("[data-grid]");
    var pane = root.querySelector("#pane-side");
    var loader = root.querySelector("[data-loader]");
    var filter = "all", cursor = "", loading = false, done = false, seq = 0;
    function row(c, i) {
      var avatar = el("img", cx("avatar"), { src: "/img/avatar/" + encodeURIComponent(c.id) + ".png", alt: "", draggable: "false" });
      var title = el("span", cx("chattitle"), { dir: "auto", title: c.name }, [c.name]);
      var preview = el("span", cx("chatpreview"), { dir: "ltr", title: c.preview }, [c.preview]);
      var kids = [el("div", cx("chatavatar"), null, [avatar]), el("div", cx("chatbody"), null, [
        el("div", cx("chatline"), null, [el("div", cx("chatname"), null, [title]), el("div", cx("chattime"), null, [c.time])]),
        el("div", cx("chatline"), null, [el("div", cx("chatlast"), null, [preview]), c.unread ? el("span", cx("badge"), { "aria-label": c.unread + " unread message" }, [String(c.unread)]) : null])
      ])];
      return el("div", cx("row"), { role: "row", "aria-rowindex": String(i + 1) }, [
        el("div", cx("cell"), { role: "gridcell", tabindex: "-1", "aria-colindex": "1", "aria-selected": "false" }, [el("div", cx("chatrow"), null, kids)])
      ]);
    }
    function more() {
      if (loading || done) return;
      loading = true;
      loader.hidden = false;
      var mine = seq;
      getJSON("/api/chats?filter=" + filter + "&cursor=" + encodeURIComponent(cursor)).then(function (r) {
        if (mine !== seq) return;
        grid.setAttribute("aria-rowcount", String(r.total));
        var n = grid.children.length;
        r.chats.forEach(function (c, i) { grid.appendChild(row(c, n + i)); });
        cursor = r.cursor;
        done = !cursor;
      }).catch(function () { done = true; }).then(function () {
        if (mine !== seq) return;
        loading = false;
        loader.hidden = true;
        // Fill the pane before waiting for a scroll.
        if (!done && pane.scrollHeight <= pane.clientHeight + 40) more();
      });
    }
    pane.addEventListener("scroll", function () {
      if (pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 60) more();
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-filter]"), function (b) {
      onActivate(b, function () {
        var f = b.getAttribute("data-filter");
        Array.prototype.forEach.call(root.querySelectorAll("[data-filter]"), function (o) { o.setAttribute("aria-selected", o === b ? "true" : "false"); });
        filter = f === "groups" ? "groups" : "all";
        seq++;
        grid.textContent = "";
        grid.setAttribute("aria-rowcount", "0");
        cursor = ""; done = false; loading = false;
        more();
      });
    });
    more();
  }

  // ---- drawers ----
  function drawers(root, names) {
    var drawer = root.querySelector("[data-drawer]");
    var side = root.querySelector("#side");
    var stack = [];
    function header(title) {
      var back = el("div", cx("navbtn"), { role: "button", tabindex: "0", "aria-label": names.back || null }, [el("span", cx("icon"), { "data-icon": "back", "aria-hidden": "true" })]);
      onActivate(back, function () { stack.pop(); var prev = stack.pop(); if (prev) prev(); else close(); });
      return el("header", cx("drawerhead"), null, [back, el("div", cx("drawertitle"), null, [el("h1", cx("h2"), null, [title])])]);
    }
    function open(render) {
      stack.push(render);
      side.hidden = true;
      drawer.hidden = false;
      drawer.textContent = "";
      drawer.setAttribute("aria-busy", "true");
      render(drawer);
    }
    function close() { stack = []; drawer.hidden = true; drawer.textContent = ""; side.hidden = false; }
    function loaded() { drawer.removeAttribute("aria-busy"); }
    function item(text, sub, fn) {
      var n = el("div", cx("item"), { role: "button", tabindex: "0" }, [el("div", cx("iteminner"), null, [
        el("div", cx("itemtext"), null, [el("div", cx("itemlabel"), null, [el("span", cx("span"), { dir: "auto" }, [text])]),
          sub ? el("div", cx("itemvalue"), null, [el("span", cx("muted"), { dir: "auto" }, [sub])]) : null]),
        el("span", cx("chev"), { "data-icon": "chevron", "aria-hidden": "true" })])]);
      if (fn) onActivate(n, fn);
      return n;
    }
    function toggle(t) {
      var box = el("input", cx("check"), { type: "checkbox" });
      box.checked = !!t.checked;
      return el("div", cx("item"), null, [el("div", cx("iteminner"), null, [
        el("div", cx("itemtext"), null, [el("div", cx("itemlabel"), null, [el("span", cx("span"), { dir: "auto" }, [t.label])]),
          t.help ? el("div", cx("itemhelp"), null, [el("span", cx("muted"), { dir: "auto" }, [t.help])]) : null]),
        el("div", cx("checkwrap"), null, [box])])]);
    }
    function settings(d) {
      d.appendChild(header(names.settingsWords));
      var body = el("div", cx("drawerbody"));
      d.appendChild(body);
      getJSON("/api/me").then(function (me) {
        body.appendChild(el("div", cx("profilecard"), { role: "button", tabindex: "0" }, [el("div", cx("itemlabel"), null, [me.name]), el("div", cx("muted"), null, [me.about])]));
        [["Account", null], [names.privacyWords, function () { open(privacy); }], ["Chats", null], ["Notifications", null], ["Keyboard shortcuts", null], ["Help", null]].forEach(function (x) {
          var n = item(x[0], null, x[1]);
          if (x[0] === names.privacyWords && names.privacy) n.setAttribute("aria-label", names.privacy);
          body.appendChild(n);
        });
        loaded();
      });
    }
    function privacy(d) {
      getJSON("/api/privacy").then(function (p) {
        d.appendChild(header(p.title));
        var body = el("div", cx("drawerbody"));
        d.appendChild(body);
        p.sections.forEach(function (sec) {
          var s = el("div", cx("section"));
          if (sec.title) s.appendChild(el("div", cx("sectiontitle"), null, [sec.title]));
          sec.rows.forEach(function (r) {
            if (r.kind === "toggle") { s.appendChild(toggle(r)); return; }
            s.appendChild(item(r.label, r.value || null, r.opens ? function () { open(function (d2) { panel(d2, r.opens); }); } : null));
          });
          body.appendChild(s);
        });
        loaded();
      });
    }
    function panel(d, name) {
      getJSON("/api/privacy/" + name).then(function (p) {
        d.appendChild(header(p.title));
        var body = el("div", cx("drawerbody"));
        d.appendChild(body);
        (p.groups || []).forEach(function (g) {
          var list = el("div", cx("radios"), { role: "radiogroup" });
          g.options.forEach(function (o) {
            list.appendChild(el("div", cx("radiorow"), null, [el("button", cx("radio"), { type: "button", role: "radio", "aria-checked": o.checked ? "true" : "false" }, [
              el("span", cx("radiodot"), { "aria-hidden": "true" }), el("span", cx("span"), null, [o.text])])]));
          });
          body.appendChild(el("div", cx("section"), null, [el("div", cx("sectiontitle"), null, [g.label]), list]));
        });
        (p.toggles || []).forEach(function (t) { body.appendChild(toggle(t)); });
        if (p.note) body.appendChild(el("div", cx("note"), null, [el("span", cx("muted"), null, [p.note])]));
        loaded();
      });
    }
    function profile(d) {
      d.appendChild(header(names.profileWords));
      getJSON("/api/me").then(function (me) {
        var body = el("div", cx("drawerbody"), null, [
          el("div", cx("field"), null, [el("div", cx("fieldlabel"), null, [el("span", null, null, ["Your name"])]), el("div", cx("fieldvalue"), null, [el("span", cx("selectable"), { dir: "auto" }, [me.name])])]),
          el("div", cx("field"), null, [el("div", cx("fieldlabel"), null, [el("span", null, null, ["About"])]), el("div", cx("fieldvalue"), null, [el("span", cx("selectable"), { dir: "auto" }, [me.about])])]),
          el("div", cx("field"), null, [el("div", cx("fieldlabel"), null, [el("span", null, null, ["Phone"])]), el("div", cx("fieldvalue"), null, [el("span", cx("selectable"), { dir: "auto" }, [me.phone])])])
        ]);
        d.appendChild(body);
        loaded();
      });
    }
    function status(d) {
      d.appendChild(header(names.statusWords));
      getJSON("/api/status/mine").then(function (r) {
        var list = el("div", cx("statuslist"), { role: "list", "aria-label": "My status" });
        r.updates.forEach(function (u) {
          list.appendChild(el("div", cx("statusitem"), { role: "listitem" }, [el("div", cx("statustext"), null, [el("span", cx("selectable"), { dir: "auto" }, [u.text])]), el("div", cx("muted"), null, [el("span", null, null, [u.when])])]));
        });
        d.appendChild(el("div", cx("drawerbody"), null, [el("div", cx("sectiontitle"), null, ["My status"]), list]));
        loaded();
      });
    }
    var views = { settings: settings, profile: profile, status: status, chats: null };
    Array.prototype.forEach.call(root.querySelectorAll("[data-nav]"), function (b) {
      onActivate(b, function () {
        var v = views[b.getAttribute("data-nav")];
        var dd = root.querySelector("[data-dropdown]");
        if (dd) dd.hidden = true;
        stack = [];
        if (v) open(v); else close();
      });
    });
    var menu = root.querySelector("[data-menu]");
    if (menu) onActivate(menu, function () {
      var dd = root.querySelector("[data-dropdown]");
      dd.hidden = !dd.hidden;
      menu.setAttribute("aria-expanded", dd.hidden ? "false" : "true");
    });
  }

  function start() {
    var landingRoot = document.querySelector("[data-landing]");
    if (landingRoot) { landing(landingRoot); return; }
    var other = document.querySelector("[data-other-window]");
    if (other) {
      onActivate(other.querySelector("[data-use-here]"), function () {
        fetch("/api/takeover", { method: "POST", credentials: "same-origin" }).then(function () { location.reload(); });
      });
      return;
    }
    var root = document.querySelector("[data-variant]");
    if (!root) return;
    var names = {};
    try { names = JSON.parse(document.getElementById("__names").textContent); } catch (e) {}
    chatList(root);
    drawers(root, names);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
