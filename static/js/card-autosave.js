// The information card saves itself as the user types (the form's data-autosave-url): a pause of 0,6 s after the last
// change sends the whole form; the server keeps every value, valid or not, and answers with the time it saved, the
// message of each field (text inputs; yes/no answers have none) and the points panel (elements replaced by their ids). A failed save is retried, sooner at
// first, then every 30 s, and the form's values wait in this browser (localStorage) until the server has them: a
// reload or a closed tab gives them back, unless the card was saved from somewhere else meanwhile (data-version).
// The form's data-autosave says where it stands: pending, saved, offline or refused.
// Without the script, «Сохранить черновик» saves the same way.
(function () {
  var form = document.getElementById("card-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var url = form.dataset.autosaveUrl;
  var storageKey = "card-draft:" + url;
  var statuses = document.querySelectorAll("[data-autosave-status]");
  var timer = null;
  var controller = null;
  var sequence = 0;
  var retryDelay = 3000;
  var dirty = false;

  function say(text) {
    statuses.forEach(function (element) {
      element.textContent = text;
    });
  }

  function fields() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.type === "submit") return;
      if (element.type === "radio") {
        if (element.checked) values[element.name] = element.value;
        else if (!(element.name in values)) values[element.name] = "";
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function backup() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ version: form.dataset.version, fields: fields() }));
    } catch (error) {
      // Private mode or a full storage: the server copy is all there is.
    }
  }

  function forget() {
    try {
      localStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing was kept.
    }
  }

  function restore() {
    var kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      kept = null;
    }
    if (!kept || !kept.fields) return false;
    if (kept.version !== form.dataset.version) {
      forget(); // saved from another page or device since: what the server holds wins
      return false;
    }
    Object.keys(kept.fields).forEach(function (name) {
      var value = kept.fields[name];
      var elements = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
      elements.forEach(function (element) {
        if (element.type === "radio") element.checked = element.value === value;
        else element.value = value;
      });
    });
    return true;
  }

  // A field's message: Bootstrap's is-invalid and a feedback line under the input (replacing the one the page came
  // with), named in the input's aria-describedby.
  function showErrors(errors) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "submit" || element.type === "hidden" || element.type === "radio") return;
      var message = errors[element.name] || "";
      var wrapper = document.getElementById("div_" + element.id) || element.parentNode;
      element.classList.toggle("is-invalid", !!message);
      if (message) element.setAttribute("aria-invalid", "true");
      else element.removeAttribute("aria-invalid");
      var feedbackId = element.id + "_error"; // the id the page's own messages have (crispy-forms)
      wrapper.querySelectorAll(".invalid-feedback").forEach(function (old) {
        if (old.id !== feedbackId) old.remove();
      });
      var feedback = document.getElementById(feedbackId);
      var described = (element.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== feedbackId;
      });
      if (message) described.push(feedbackId);
      if (described.length) element.setAttribute("aria-describedby", described.join(" "));
      else element.removeAttribute("aria-describedby");
      if (!message) {
        if (feedback) feedback.remove();
        return;
      }
      if (!feedback) {
        feedback = document.createElement("div");
        feedback.id = feedbackId;
        feedback.className = "invalid-feedback d-block";
        element.insertAdjacentElement("afterend", feedback);
      }
      feedback.textContent = message;
    });
  }

  function swap(html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    Array.prototype.forEach.call(answer.body.children, function (fresh) {
      if (!fresh.id) return;
      var current = document.getElementById(fresh.id);
      if (current) current.replaceWith(document.importNode(fresh, true));
    });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function save() {
    window.clearTimeout(timer);
    if (controller) controller.abort(); // the newer request carries every value anyway
    controller = new AbortController();
    var mine = ++sequence;
    dirty = false;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json) throw { refused: true };
        return response.json().then(function (data) {
          if (!response.ok) throw { refused: true, message: data.error };
          return data;
        });
      })
      .then(function (data) {
        if (mine !== sequence) return;
        form.dataset.version = data.version;
        if (dirty) backup();
        else forget();
        showErrors(data.errors || {});
        swap(data.points || "");
        say(data.saved);
        if (!dirty) form.dataset.autosave = "saved";
        retryDelay = 3000;
      })
      .catch(function (problem) {
        if (problem && problem.name === "AbortError") return;
        if (mine !== sequence) return;
        dirty = true;
        if (problem && problem.refused) {
          say(problem.message || form.dataset.refusedText); // refused for good (no longer editable, signed out)
          form.dataset.autosave = "refused";
          return;
        }
        say(form.dataset.offlineText);
        form.dataset.autosave = "offline";
        schedule(retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      });
  }

  function changed(event) {
    if (!event.target || !event.target.name) return;
    dirty = true;
    form.dataset.autosave = "pending";
    backup();
    schedule(600);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () {
    if (dirty) save();
  });
  // Leaving the page with a change not yet sent: the browser sends it on its way out. After a failed save it would
  // fail too: the copy in this browser is given back on the next visit instead.
  window.addEventListener("pagehide", function () {
    if (dirty && form.dataset.autosave === "pending" && navigator.sendBeacon) navigator.sendBeacon(url, new FormData(form));
  });

  if (restore()) {
    say(form.dataset.restoredText);
    dirty = true;
    save();
  }
})();
