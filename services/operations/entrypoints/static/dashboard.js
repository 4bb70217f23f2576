// The dashboard's live updates: server-sent events carry each changed widget as HTML. A
// widget the user is working in (focus inside, or a reason typed) waits until they leave it.
(function () {
  "use strict";
  var connection = document.getElementById("connection");
  var announcer = document.getElementById("announcer");
  var pending = {};

  function busy(body) {
    if (body.contains(document.activeElement)) return true;
    var inputs = body.querySelectorAll("input[type=checkbox]:checked, input[name=reason]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].type === "checkbox" || inputs[i].value) return true;
    }
    return false;
  }

  function apply(id, html) {
    var body = document.getElementById(id + "-body");
    if (!body) return;
    if (busy(body)) { pending[id] = html; return; }
    delete pending[id];
    body.innerHTML = html;
    enhance(body);
  }

  document.addEventListener("focusout", function () {
    setTimeout(function () { Object.keys(pending).forEach(function (id) { apply(id, pending[id]); }); }, 0);
  });

  function say(text) { announcer.textContent = ""; setTimeout(function () { announcer.textContent = text; }, 50); }

  function enhance(root) {
    var forms = root.querySelectorAll("form[data-enhance]");
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = event.submitter;
        var action = (button && button.getAttribute("formaction")) || form.action;
        var body = new URLSearchParams(new FormData(form));
        fetch(action, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-Requested-With": "fetch" } })
          .then(function (response) { return response.text().then(function (text) { return [response.status, text]; }); })
          .then(function (answer) {
            say(answer[0] < 400 ? answer[1] : "Not done: " + answer[1]);
            if (answer[0] < 400) {
              form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
              var reason = form.querySelector("input[name=reason]");
              if (reason) reason.value = "";
              if (document.activeElement) document.activeElement.blur();
              Object.keys(pending).forEach(function (id) { apply(id, pending[id]); });
            }
          })
          .catch(function () { say("Not done: the dashboard could not be reached."); });
      });
    });
  }
  enhance(document);

  if (!window.EventSource) { connection.textContent = "Live updates unavailable: reload to refresh"; return; }
  var source = new EventSource("/dashboard/stream");
  source.addEventListener("open", function () {
    connection.textContent = "Live"; connection.classList.add("live");
  });
  source.addEventListener("error", function () {
    connection.textContent = "Live updates interrupted: reconnecting…"; connection.classList.remove("live");
  });
  source.addEventListener("widget", function (event) {
    var message = JSON.parse(event.data);
    apply(message.id, message.html);
    document.body.setAttribute("data-updated", message.as_of);
  });
})();
