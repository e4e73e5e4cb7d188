// The import preview (/admin/candidates/import/{id}/preview). Without this script the form's
// POST imports every row and then shows the result. With it, the button is disabled at the
// first click and the rows are imported a chunk after the other (POST …/chunk, the form's CSRF
// token sent back), a real <progress> showing "400 / 2 000"; then the result page. A chunk is
// never imported twice, even if the page is reloaded or opened twice: the server sees to it.
const form = document.getElementById("run");

if (form) {
  const button = form.querySelector("button[type=submit]");
  const box = document.getElementById("progress-box");
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const failed = document.getElementById("run-failed");
  const numbers = new Intl.NumberFormat(bar.dataset.lang === "en" ? "en-GB" : "fr-FR");
  let running = false;

  const show = (done, total) => {
    const words = bar.dataset.text
      .replace("{done}", numbers.format(done))
      .replace("{total}", numbers.format(total));
    bar.max = total;
    bar.value = done;
    bar.textContent = words;
    text.textContent = words;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running) {
      return;
    }
    running = true;
    button.disabled = true;
    box.hidden = false;
    failed.hidden = true;
    const body = new URLSearchParams(new FormData(form));
    try {
      for (;;) {
        const answer = await fetch(form.dataset.chunk, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!answer.ok) {
          throw new Error(`chunk refused: ${answer.status}`);
        }
        const step = await answer.json();
        show(step.done, step.total);
        if (step.finished) {
          window.location.assign(step.result);
          return;
        }
      }
    } catch {
      // The rows done so far stay done: sending the form again takes up where it stopped.
      failed.textContent = form.dataset.failed;
      failed.hidden = false;
      button.disabled = false;
      running = false;
    }
  });
}
