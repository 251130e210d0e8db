// The page of a document the worker prepares: every 2 s it asks the job's status (JSON) and shows the progress; once
// the job is done or failed it reloads, and the page shows the download link or the error with «Попробовать снова».
(function () {
  var box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  var url = box.dataset.jobStatusUrl;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-progress]");
  var status = box.querySelector("[data-job-status]");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (job) {
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
        }
        text.textContent = job.progress_text;
        status.textContent = job.status_label;
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 2000);
})();
