/* Page behaviour of the replica: dialogs, lazily loaded lists, client-side
   rendered settings, cookie banner and login wall. Served from the sandbox
   itself; it talks only to /api/graphql/ on the same origin. */
(function () {
  "use strict";

  var C = {};
  var ENV = {};
  try { C = JSON.parse(document.getElementById("__cls").textContent); } catch (e) {}
  try { ENV = JSON.parse(document.getElementById("__env").textContent); } catch (e) {}

  function cx(k) { return C[k] || ""; }

  function el(tag, cls, attrs, kids) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (attrs) for (var a in attrs) if (attrs[a] !== null && attrs[a] !== undefined) n.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) {
      if (k === null || k === undefined) return;
      n.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    });
    return n;
  }

  function iconNode(name, cls) {
    var t = document.getElementById("__icons");
    var span = el("span", cls === undefined ? cx("optionicon") : cls, { "aria-hidden": "true" });
    if (!t) return span;
    var src = t.content.querySelector('[data-icon="' + name + '"]') || t.content.querySelector('[data-icon="gear"]');
    if (src) span.innerHTML = src.innerHTML;
    return span;
  }

  function api(name, vars) {
    var body = new URLSearchParams();
    body.set("fb_api_req_friendly_name", name);
    body.set("variables", JSON.stringify(vars || {}));
    body.set("fb_dtsg", ENV.dtsg || "");
    body.set("server_timestamps", "true");
    return fetch("/api/graphql/", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-FB-Friendly-Name": name }
    }).then(function (r) { return r.json(); }).then(function (j) {
      if (j && j.errors && j.errors.length) throw new Error(j.errors[0].message);
      return j.data;
    });
  }

  function onActivate(node, fn) {
    node.addEventListener("click", fn);
    node.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fn(e); }
    });
  }

  function portal() {
    return document.querySelector('[id^="portal_"]') || document.body;
  }

  function toast(text) {
    var t = el("div", cx("toast"), { role: "status", "aria-live": "polite" }, [text]);
    portal().appendChild(t);
    setTimeout(function () { t.remove(); }, 4000);
  }

  /* ---------- cookie banner ---------- */
  document.querySelectorAll("[data-cookie-choice]").forEach(function (b) {
    onActivate(b, function () {
      var choice = b.getAttribute("data-cookie-choice");
      api("CookieConsentMutation", { choice: choice }).catch(function () {}).then(function () {
        var banner = document.querySelector("[data-cookie-banner]");
        if (banner) banner.remove();
      });
    });
  });

  /* ---------- account menu ---------- */
  document.querySelectorAll("[data-menu-toggle]").forEach(function (b) {
    var menu = b.parentNode.querySelector('[role="menu"]');
    onActivate(b, function () {
      var open = b.getAttribute("aria-expanded") === "true";
      b.setAttribute("aria-expanded", open ? "false" : "true");
      if (menu) menu.hidden = open;
    });
  });

  /* ---------- logged-out login forms carry the current page ---------- */
  document.querySelectorAll('#login_form_top input[name="next"]').forEach(function (i) {
    i.value = location.pathname + location.search;
  });

  /* ---------- dialogs ---------- */
  /* immediate: the choice is saved on selection (2026 layout) and the
     footer offers Done, as the real audience dialog does. */
  function openDialog(title, build, onSave, saveText, immediate) {
    var back = el("div", cx("dialogback"));
    var hid = "d_" + Math.random().toString(36).slice(2, 8);
    var closeBtn = el("div", cx("roundbtn"), { role: "button", tabindex: "0", "aria-label": "Close" }, ["✕"]);
    var head = el("div", cx("dialoghead"), null, [el("h2", cx("h2"), { id: hid }, [title]), closeBtn]);
    var body = el("div", cx("dialogbody"));
    var err = el("div", cx("dialogerror"), { role: "alert", hidden: "" });
    var cancel = el("div", cx("btnsecondary"), { role: "button", tabindex: "0" }, ["Cancel"]);
    var save = el("div", cx("btnprimary"), { role: "button", tabindex: "0" }, [immediate ? "Done" : (saveText || "Save")]);
    var foot = el("div", cx("dialogfoot"), null, immediate ? [save] : [cancel, save]);
    var dlg = el("div", cx("dialog"), { role: "dialog", "aria-modal": "true", "aria-labelledby": hid }, [head, body, err, foot]);
    back.appendChild(dlg);
    function close() { back.remove(); }
    function fail(e) {
      err.hidden = false;
      err.textContent = (e && e.message) || "Sorry, something went wrong.";
    }
    var get = build(body, hid, immediate ? function (v) { return Promise.resolve(onSave(v)).catch(fail); } : null);
    onActivate(closeBtn, close);
    onActivate(cancel, close);
    onActivate(save, function () {
      if (immediate) { close(); return; }
      save.setAttribute("aria-disabled", "true");
      Promise.resolve(onSave(get())).then(close, function (e) {
        save.removeAttribute("aria-disabled");
        err.hidden = false;
        err.textContent = (e && e.message) || "Sorry, something went wrong.";
      });
    });
    back.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
    portal().appendChild(back);
    var first = dlg.querySelector('[aria-checked="true"]') || save;
    first.focus();
    return dlg;
  }

  function radioGroup(parent, labelId, options, current, onPick) {
    var group = el("div", cx("radiogroup"), { role: "radiogroup", "aria-labelledby": labelId });
    var value = current;
    var radios = [];
    options.forEach(function (o) {
      var text = el("div", cx("optiontext"), null, [
        el("span", cx("optionname"), null, [o.text]),
        o.description ? el("span", cx("optiondesc"), null, [o.description]) : null
      ]);
      var r = el("div", cx("option"), { role: "radio", tabindex: "0", "aria-checked": String(o.value === current) },
        [iconNode(o.icon || "gear"), text, el("span", cx("radiocircle"), { "aria-hidden": "true" })]);
      onActivate(r, function () {
        value = o.value;
        radios.forEach(function (x) { x.setAttribute("aria-checked", String(x === r)); });
        if (onPick) onPick(value);
      });
      radios.push(r);
      group.appendChild(r);
    });
    parent.appendChild(group);
    return function () { return value; };
  }

  function switchControl(parent, labelId, label, on) {
    var state = on;
    var sw = el("div", cx("switch"), { role: "switch", tabindex: "0", "aria-checked": String(on), "aria-labelledby": labelId },
      [el("span", cx("switchknob"), { "aria-hidden": "true" })]);
    var wrap = el("div", cx("switchrow"), null, [el("span", cx("optionname"), null, [label]), sw]);
    onActivate(sw, function () {
      state = !state;
      sw.setAttribute("aria-checked", String(state));
    });
    parent.appendChild(wrap);
    return function () { return state ? "ON" : "OFF"; };
  }

  /* ---------- settings rows ---------- */
  function rowValueNode(rowEl) {
    var spans = rowEl.querySelectorAll("span");
    for (var i = 0; i < spans.length; i++) if (spans[i].className === cx("rowvalue")) return spans[i];
    return null;
  }

  function applyRow(rowEl, row) {
    var v = rowValueNode(rowEl);
    if (v) v.textContent = row.text;
    rowEl.__row = row;
  }

  function editRow(rowEl) {
    var row = rowEl.__row;
    if (!row) return;
    var save = function (value) {
      return api("CometPrivacySettingUpdateMutation", { setting: row.key, value: value }).then(function (d) {
        var u = d.privacy_setting_update;
        if (u.confirmation) { confirmChange(rowEl, row, value, u.confirmation); return; }
        applyRow(rowEl, u.setting);
        toast("Your changes have been saved.");
      });
    };
    if (row.kind === "limit") {
      openDialog(row.label, function (body) {
        body.appendChild(el("p", cx("p"), null, ["If you use this tool, content on your profile that you've shared with more than your friends, such as Public posts, will only be visible to your friends. Anyone who is tagged in these posts, and their friends, may also still see them."]));
        body.appendChild(el("p", cx("p"), null, ["If you want to change who can see a specific post, you can go to that post and choose a different audience."]));
        return function () { return "DONE"; };
      }, save, "Limit past posts");
      return;
    }
    if (row.kind === "switch") {
      openDialog(row.label, function (body, hid) {
        if (row.help) body.appendChild(el("p", cx("p"), null, [row.help]));
        return switchControl(body, hid, row.label, row.value === "ON");
      }, save);
      return;
    }
    openDialog(row.label, function (body, hid, onPick) {
      if (row.help) body.appendChild(el("p", cx("p"), null, [row.help]));
      return radioGroup(body, hid, row.options || [], row.value, onPick);
    }, save, null, row.immediate);
  }

  /* A switch in the row itself (2026 layout): saved on click. */
  function inlineSwitch(row, labelId) {
    var attrs = { role: "switch", tabindex: "0", "aria-checked": String(row.value === "ON") };
    if (!row.unnamed) attrs["aria-labelledby"] = labelId;
    var sw = el("div", cx("switch"), attrs, [el("span", cx("switchknob"), { "aria-hidden": "true" })]);
    onActivate(sw, function () {
      var next = sw.getAttribute("aria-checked") === "true" ? "OFF" : "ON";
      sw.setAttribute("aria-disabled", "true");
      api("CometPrivacySettingUpdateMutation", { setting: row.key, value: next }).then(function (d) {
        if (d.privacy_setting_update.confirmation) {
          sw.removeAttribute("aria-disabled");
          confirmChange(null, row, next, d.privacy_setting_update.confirmation);
          return;
        }
        row.value = d.privacy_setting_update.setting.value;
        sw.setAttribute("aria-checked", String(row.value === "ON"));
        sw.removeAttribute("aria-disabled");
        toast("Your changes have been saved.");
      }, function (e) { sw.removeAttribute("aria-disabled"); toast(e.message || "Sorry, something went wrong."); });
    });
    return sw;
  }

  // confirmChange is the site's extra check before some changes (a test
  // knob of the replica: Saving.Confirm).
  function confirmChange(rowEl, row, value, c) {
    openDialog(c.title, function (body) {
      body.appendChild(el("p", cx("p"), null, [c.body]));
      body.appendChild(el("input", cx("input"), { type: "password", "aria-label": "Password", autocomplete: "current-password" }));
      return function () { return value; };
    }, function (v) {
      return api("CometPrivacySettingUpdateMutation", { setting: row.key, value: v, confirmed: "true" }).then(function (d) {
        if (rowEl) applyRow(rowEl, d.privacy_setting_update.setting);
        toast("Your changes have been saved.");
      });
    }, "Continue");
  }

  function wireRow(rowEl, row) {
    rowEl.__row = row;
    rowEl.querySelectorAll("[data-edit]").forEach(function (b) {
      onActivate(b, function () { editRow(rowEl); });
    });
  }

  var rowsData = document.getElementById("__rows");
  if (rowsData) {
    try {
      JSON.parse(rowsData.textContent).forEach(function (row) {
        var n = document.getElementById(row.id);
        if (n) wireRow(n, row);
      });
    } catch (e) {}
  }

  function buildRow(row) {
    var control = null;
    var lid = "l_" + Math.random().toString(36).slice(2, 8);
    if (row.kind === "limit") control = el("div", cx("editbtn"), { role: "button", tabindex: "0", "aria-haspopup": "dialog", "data-edit": "" }, [row.no_value ? "Limit Past Posts" : "Limit past posts"]);
    else if (row.inline) control = inlineSwitch(row, lid);
    else if (row.kind !== "link") control = el("div", cx("editbtn"), { role: "button", tabindex: "0", "aria-haspopup": "dialog", "data-edit": "" }, ["Edit"]);
    var labelCol = el("div", cx("rowlabelcol"), null, [
      el("div", cx("rowlabelwrap"), null, [el("span", cx("rowlabel"), { dir: "auto", id: lid }, [row.label])]),
      row.help ? el("div", cx("rowhelpwrap"), null, [el("span", cx("rowhelp"), null, [row.help])]) : null
    ]);
    var n = el("div", cx("row"), { role: "listitem", id: row.id }, [
      el("div", cx("rowinner"), null, [
        el("div", cx("rowicon"), null, [iconNode(row.icon || "gear", "")]),
        labelCol,
        el("div", cx("rowvaluecol"), null, [(row.inline || row.no_value) ? null : el("span", cx("rowvalue"), { dir: "auto" }, [row.text])]),
        el("div", cx("roweditcol"), null, [control])
      ])
    ]);
    wireRow(n, row);
    return n;
  }

  document.querySelectorAll("[data-settings-root]").forEach(function (root) {
    var tab = root.getAttribute("data-settings-root");
    api("CometSettingsPageQuery", { tab: tab, scale: 1 }).then(function (d) {
      var s = d.viewer.settings;
      root.innerHTML = "";
      s.sections.forEach(function (title) {
        var rows = s.rows.filter(function (r) { return r.section === title; });
        if (!rows.length) return;
        var list = el("div", cx("rows"), { role: "list" });
        rows.forEach(function (r) { list.appendChild(buildRow(r)); });
        root.appendChild(el("div", cx("card"), null, [
          el("div", cx("cardhead"), null, [el("h3", cx("h3"), null, [title])]), list
        ]));
      });
    }).catch(function (e) {
      root.innerHTML = "";
      root.appendChild(el("div", cx("empty"), { role: "alert" }, [e.message || "Sorry, something went wrong."]));
    });
  });

  /* ---------- sessions ---------- */
  document.querySelectorAll("[data-see-more]").forEach(function (b) {
    onActivate(b, function () {
      document.querySelectorAll("[data-collapsed]").forEach(function (n) { n.hidden = false; });
      b.remove();
    });
  });
  function logoutSession(id) {
    return api("CometSessionLogoutMutation", { session_id: id }).then(function () {
      document.querySelectorAll("[data-session]").forEach(function (n) {
        if (id === "all" ? !n.querySelector('[class="' + cx("activenow") + '"]') : n.getAttribute("data-session") === id) n.remove();
      });
      toast("You've been logged out of the selected session.");
    });
  }
  document.querySelectorAll("[data-session-menu]").forEach(function (b) {
    onActivate(b, function () {
      var id = b.getAttribute("data-session-menu");
      openDialog("Log out of this session?", function (body) {
        body.appendChild(el("p", cx("p"), null, ["If you don't recognise this session, log out and change your password."]));
        return function () { return id; };
      }, logoutSession, "Log out");
    });
  });
  document.querySelectorAll("[data-session-logout-all]").forEach(function (b) {
    onActivate(b, function () {
      openDialog("Log out of all sessions?", function (body) {
        body.appendChild(el("p", cx("p"), null, ["You'll stay logged in on this device."]));
        return function () { return "all"; };
      }, logoutSession, "Log out");
    });
  });

  /* ---------- friend requests ---------- */
  function answer(id, confirm) {
    return api(confirm ? "FriendingCometFriendRequestConfirmMutation" : "FriendingCometFriendRequestDeleteMutation",
      { friend_requester_id: id, source: "friends_tab" }).then(function () {
      var card = document.querySelector('[data-request="' + id + '"]');
      if (card) card.replaceWith(el("div", cx("reqcard"), { role: "listitem" }, [confirm ? "Request confirmed" : "Request removed"]));
    });
  }
  document.querySelectorAll("[data-request-confirm]").forEach(function (b) {
    onActivate(b, function () { answer(b.getAttribute("data-request-confirm"), true); });
  });
  document.querySelectorAll("[data-request-delete]").forEach(function (b) {
    onActivate(b, function () { answer(b.getAttribute("data-request-delete"), false); });
  });

  /* ---------- friends list: 20 more per scroll ---------- */
  document.querySelectorAll("[data-friends-list]").forEach(function (list) {
    var id = list.getAttribute("data-friends-list");
    var sentinel = document.querySelector("[data-friends-sentinel]");
    var cursor = "";
    var busy = false;
    var done = false;
    function friendItem(f) {
      var sub = [];
      if (f.mutual_friends) sub.push(el("span", cx("muted"), null, [f.mutual_friends + " mutual friend" + (f.mutual_friends === 1 ? "" : "s")]));
      if (f.lives_in) sub.push(el("span", cx("muted"), null, ["Lives in " + f.lives_in]));
      if (f.work) sub.push(el("span", cx("muted"), null, [f.work]));
      var menu = null;
      if (ENV.logged_in) {
        menu = el("div", cx("roundbtn"), { role: "button", tabindex: "0", "aria-label": "Friends", "aria-haspopup": "menu" }, ["…"]);
        onActivate(menu, function () {
          openDialog("Unfriend " + f.name + "?", function (body) {
            body.appendChild(el("p", cx("p"), null, ["Are you sure you want to remove " + f.name + " as your friend?"]));
            return function () { return f.id; };
          }, function (fid) {
            return api("FriendingCometUnfriendMutation", { unfriended_user_id: fid }).then(function () { item.remove(); });
          }, "Confirm");
        });
      }
      var item = el("div", cx("frienditem"), { role: "listitem" }, [
        el("a", cx("friendimgwrap"), { href: f.url, "aria-hidden": "true", tabindex: "-1" }, [el("img", cx("friendimg"), { src: f.profile_picture, alt: "" })]),
        el("div", cx("friendtext"), null, [el("a", cx("namelink"), { href: f.url }, [el("span", null, { dir: "auto" }, [f.name])])].concat(sub)),
        menu
      ]);
      return item;
    }
    function more() {
      if (busy || done) return;
      busy = true;
      api("ProfileCometAppCollectionListRendererPaginationQuery", { id: id, cursor: cursor, count: 20, scale: 1 }).then(function (d) {
        var fr = d.node.friends;
        fr.edges.forEach(function (e) { list.appendChild(friendItem(e.node)); });
        cursor = fr.page_info.end_cursor;
        if (!fr.page_info.has_next_page) {
          done = true;
          if (sentinel) sentinel.remove();
        }
      }).catch(function (e) {
        done = true;
        if (sentinel) sentinel.replaceWith(el("div", cx("empty"), { role: "alert" }, [e.message]));
      }).then(function () {
        busy = false;
        if (done || !sentinel) return;
        // Observing afresh reports the sentinel's current state, so a list
        // whose end is still (or again) on screen keeps loading.
        if (io) { io.unobserve(sentinel); io.observe(sentinel); }
        else if (nearEnd()) more();
      });
    }
    function nearEnd() { return sentinel && sentinel.getBoundingClientRect().top < window.innerHeight + 200; }
    var io = null;
    if (sentinel && "IntersectionObserver" in window) {
      io = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) more();
      }, { rootMargin: "200px" });
      io.observe(sentinel);
    } else {
      more();
    }
    window.addEventListener("scroll", function () { if (!busy && !done && nearEnd()) more(); }, { passive: true });
  });

  /* ---------- post menu: audience and delete, for the owner ---------- */
  var AUD = [
    { value: "PUBLIC", text: "Public", description: "Anyone on or off Facebook", icon: "globe" },
    { value: "FRIENDS", text: "Friends", description: "Your friends on Facebook", icon: "friends" },
    { value: "ONLY_ME", text: "Only me", description: "", icon: "lock" }
  ];
  document.querySelectorAll("[data-post-menu]").forEach(function (b) {
    if (!ENV.logged_in) return;
    onActivate(b, function () {
      var id = b.getAttribute("data-post-menu");
      var art = b.closest('[role="article"]');
      var cur = art && art.querySelector('[aria-label^="Shared with "]');
      var curText = cur ? cur.getAttribute("aria-label").replace("Shared with ", "") : "";
      var curVal = (AUD.filter(function (a) { return a.text === curText; })[0] || {}).value;
      openDialog("Edit audience", function (body, hid) {
        return radioGroup(body, hid, AUD, curVal);
      }, function (value) {
        return api("CometPostAudienceMutation", { post_id: id, audience: value }).then(function () {
          var o = AUD.filter(function (a) { return a.value === value; })[0];
          if (cur && o) {
            cur.setAttribute("aria-label", "Shared with " + o.text);
            cur.setAttribute("title", "Shared with " + o.text);
            cur.innerHTML = "";
            cur.appendChild(iconNode(o.icon, ""));
          }
        });
      });
    });
  });

  /* ---------- login wall for logged-out visitors ---------- */
  var wall = document.querySelector("[data-login-wall]");
  if (wall) {
    var showWall = function () { wall.hidden = false; };
    document.querySelectorAll("[data-needs-login]").forEach(function (b) { onActivate(b, showWall); });
    document.querySelectorAll("[data-wall-close]").forEach(function (b) {
      onActivate(b, function () { wall.hidden = true; });
    });
    var arts = document.querySelectorAll('[role="article"]');
    var trigger = arts.length > 2 ? arts[2] : null;
    if (trigger && "IntersectionObserver" in window) {
      var seen = false;
      new IntersectionObserver(function (entries) {
        if (!seen && entries.some(function (e) { return e.isIntersecting; })) { seen = true; showWall(); }
      }).observe(trigger);
    }
  }

  /* ---------- Accounts Centre: pick an account, then its page ---------- */
  document.querySelectorAll("[data-ac-root]").forEach(function (root) {
    var page = root.getAttribute("data-ac-root");
    var picker = document.querySelector("[data-ac-picker]");
    function acRow(r, control) {
      var lid = "a_" + Math.random().toString(36).slice(2, 8);
      var labelCol = r.unnamed ? el("div", cx("rowlabelcol"), null, [iconNode("bell", "")]) : el("div", cx("rowlabelcol"), null, [
        el("div", cx("rowlabelwrap"), null, [el("span", cx("rowlabel"), { dir: "auto", id: lid }, [r.label])]),
        r.help ? el("div", cx("rowhelpwrap"), null, [el("span", cx("rowhelp"), null, [r.help])]) : null
      ]);
      return el("div", cx("row"), { role: "listitem" }, [el("div", cx("rowinner"), null, [labelCol, control])]);
    }
    function card(title, rows) {
      var list = el("div", cx("rows"), { role: "list" });
      rows.forEach(function (n) { list.appendChild(n); });
      return el("div", cx("card"), null, [title ? el("div", cx("cardhead"), null, [el("h3", cx("h3"), null, [title])]) : null, list]);
    }
    function draw(id, c) {
      root.innerHTML = "";
      if (page === "two_factor") {
        root.appendChild(card("", c.rows.map(function (r) {
          var b = el("div", cx("btnsecondary"), { role: "button", tabindex: "0" }, [r.checked ? "Turn off" : "Turn on"]);
          onActivate(b, function () { update(id, r.key, !r.checked); });
          var n = acRow(r, el("div", cx("rowvaluecol"), null, [el("span", cx("rowvalue"), { dir: "auto" }, [r.text])]));
          n.firstChild.appendChild(el("div", cx("roweditcol"), null, [b]));
          return n;
        })));
        root.appendChild(card("Your security methods", c.methods.map(function (r) {
          return acRow(r, el("div", cx("rowvaluecol"), null, [el("span", cx("rowvalue"), { dir: "auto" }, [r.text])]));
        })));
      } else if (page === "login_alerts") {
        root.appendChild(el("p", cx("p"), null, ["Choose where you’ll get alerts about logins from a device or browser that we don’t recognise."]));
        root.appendChild(card("", c.channels.map(function (r) {
          var box = el("input", cx("checkbox"), { type: "checkbox" });
          box.checked = r.checked;
          box.addEventListener("change", function () { update(id, r.key, box.checked); });
          if (r.unnamed) return acRow(r, box);
          var lab = el("label", cx("rowinner"), null, [
            el("div", cx("rowlabelcol"), null, [
              el("div", cx("rowlabelwrap"), null, [el("span", cx("rowlabel"), { dir: "auto" }, [r.label])]),
              el("div", cx("rowhelpwrap"), null, [el("span", cx("rowhelp"), null, [r.help])])
            ]), box]);
          return el("div", cx("row"), { role: "listitem" }, [lab]);
        })));
      } else if (page === "login_activity") {
        var items = c.sessions.map(function (x, i) {
          var n = el("div", cx("row"), { role: "listitem", "data-session": x.ID }, [el("div", cx("rowinner"), null, [
            el("div", cx("rowlabelcol"), null, [
              el("div", cx("rowlabelwrap"), null, [el("span", cx("rowlabel"), null, [x.Device + " · " + x.Location])]),
              el("div", cx("rowhelpwrap"), null, [el("span", cx("rowhelp"), null, [x.Browser + " · " + (x.Current ? "Active now" : x.Last)])])
            ])])]);
          if (i >= 2) { n.hidden = true; n.setAttribute("data-collapsed", ""); }
          return n;
        });
        var list = el("div", cx("rows"), { role: "list", "aria-label": c.label });
        items.forEach(function (n) { list.appendChild(n); });
        var kids = [el("div", cx("cardhead"), null, [el("h3", cx("h3"), null, [c.label])]), list];
        if (items.length > 2) {
          var more = el("div", cx("seemore"), { role: "button", tabindex: "0" }, ["See all"]);
          onActivate(more, function () { items.forEach(function (n) { n.hidden = false; }); more.remove(); });
          kids.push(more);
        }
        root.appendChild(el("div", cx("card"), { "data-sessions": "" }, kids));
      }
    }
    function load(id) {
      root.setAttribute("aria-busy", "true");
      return api("AccountsCenterPasswordAndSecurityQuery", { page: page, account_id: id }).then(function (d) {
        draw(id, d.xfb_password_and_security);
      }).catch(function (e) {
        root.innerHTML = "";
        root.appendChild(el("div", cx("empty"), { role: "alert" }, [e.message || "Sorry, something went wrong."]));
      }).then(function () { root.removeAttribute("aria-busy"); });
    }
    function update(id, key, on) {
      return api("AccountsCenterSettingUpdateMutation", { page: page, account_id: id, setting: key, value: on ? "ON" : "OFF" }).then(function (d) {
        draw(id, d.xfb_password_and_security);
        toast("Your changes have been saved.");
      }, function (e) { toast(e.message || "Sorry, something went wrong."); });
    }
    if (!picker) return;
    picker.querySelectorAll("[data-ac-account]").forEach(function (b) {
      onActivate(b, function () {
        picker.remove();
        load(b.getAttribute("data-ac-account"));
      });
    });
  });
})();
