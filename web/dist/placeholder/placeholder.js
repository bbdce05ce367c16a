// Until the SPA is built, this makes the first-run setup link usable: it
// posts the form to POST /api/v1/setup with the link's token.
(function () {
  var token = new URLSearchParams(location.search).get("token");
  if (location.pathname !== "/setup" || !token) return;
  var section = document.getElementById("setup");
  var form = document.getElementById("setup-form");
  var status = document.getElementById("setup-status");
  section.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { token: token, name: form.name.value, email: form.email.value, password: form.password.value };
    fetch("/api/v1/setup", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (resp) { return resp.json().then(function (data) { return { ok: resp.ok, data: data }; }); })
      .then(function (r) {
        if (r.ok) {
          status.className = "done";
          status.textContent = "Done: you are signed in as " + r.data.user.email + ".";
          form.hidden = true;
          return;
        }
        var messages = r.data.errors ? Object.keys(r.data.errors).map(function (k) { return r.data.errors[k]; }) : [r.data.detail];
        status.className = "";
        status.textContent = messages.join(" ");
      })
      .catch(function () { status.textContent = "The server could not be reached. Try again."; });
  });
})();
