// The print button of a printable page. Without scripts the browser's own print menu still
// works, so the button stays hidden until it can do something.
export function offerPrint(id = "print") {
  const button = document.getElementById(id);
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
