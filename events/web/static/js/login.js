// The log-in form (/login): a box that shows the password as it is typed. Without scripts the
// box stays hidden: it could not do anything.
const show = document.getElementById("show");
const password = document.getElementById("password");
if (show && password) {
  document.getElementById("show-wrap").hidden = false;
  show.addEventListener("change", () => {
    password.type = show.checked ? "text" : "password";
  });
}
