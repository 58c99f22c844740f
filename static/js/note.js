// The note form saves itself as the interviewer types. Until the server confirms a
// save, this browser keeps a copy (localStorage), so a reload, a closed tab or a
// dropped network loses nothing; each save names the version it builds on, so two
// tabs cannot overwrite each other unseen.
(function () {
  "use strict";
  var form = document.getElementById("note-form");
  if (!form) return;
  var state = document.getElementById("save-state");
  var storageKey = "debrief-note-" + form.dataset.slot;
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var inFlight = false;
  var again = false;
  var retryDelay = 2000;

  function say(text, kind) {
    state.textContent = text;
    state.className = "save-state " + (kind || "");
  }

  function fields() {
    return Array.from(new FormData(form).entries()).filter(function (pair) {
      return pair[0] !== "csrfmiddlewaretoken" && pair[0] !== "version";
    });
  }

  function keepCopy() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ base: version.value, fields: fields() }));
    } catch (error) {
      /* storage full or blocked: the server copy is still there */
    }
  }

  function csrfToken() {
    return form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  function save() {
    if (inFlight) {
      again = true;
      return;
    }
    clearTimeout(timer);
    inFlight = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) {
            version.value = data.version;
            localStorage.removeItem(storageKey);
            retryDelay = 2000;
            say("Saved " + data.saved_at, "ok");
          } else if (response.status >= 500) {
            throw new Error("server " + response.status);
          } else {
            // Refused (conflict, too long…): say why; the copy stays in this browser.
            say(data.error || "Not saved.", "error");
          }
        });
      })
      .catch(function () {
        say("Not saved, retrying", "warn");
        timer = setTimeout(save, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      })
      .finally(function () {
        inFlight = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  }

  function schedule() {
    keepCopy();
    say("Saving…");
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  function addRow(kind) {
    var template = document.getElementById(kind + "-template");
    var row = template.content.firstElementChild.cloneNode(true);
    document.getElementById(kind + "s").appendChild(row);
    return row;
  }

  function restore(pairs) {
    var values = {};
    pairs.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    [["flag", "flag-colour"], ["story", "story-title"]].forEach(function (group) {
      var wanted = (values[group[1]] || []).length;
      var box = document.getElementById(group[0] + "s");
      while (box.children.length < wanted) addRow(group[0]);
    });
    var seen = {};
    Array.from(form.elements).forEach(function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || name === "version") return;
      var list = values[name] || [];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = list.indexOf(element.value) !== -1;
      } else {
        var index = seen[name] || 0;
        element.value = index < list.length ? list[index] : "";
        seen[name] = index + 1;
      }
    });
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  window.addEventListener("online", function () {
    if (localStorage.getItem(storageKey)) save();
  });
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    if (add) {
      var row = addRow(add.dataset.add);
      row.querySelector("input, select, textarea").focus();
      schedule();
    }
    var remove = event.target.closest("[data-remove]");
    if (remove && form.contains(remove)) {
      remove.closest(".row-item").remove();
      schedule();
    }
  });

  var kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(storageKey) || "null");
  } catch (error) {
    kept = null;
  }
  if (kept && kept.base === version.value) {
    restore(kept.fields);
    say("Restored what you typed here; saving…", "warn");
    save();
  } else if (kept) {
    say("This browser holds an unsaved copy from an older version of this note; it was not applied.", "warn");
  }
})();
