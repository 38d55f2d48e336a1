// The terminal's answer keys on a question page: y p n u x a l choose an answer,
// b goes back, s skips. Keys typed into a text field are left alone.
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
  if (tag === "input" && (target.type === "text" || target.type === "search" || !target.type)) return;
  if (tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
  var key = event.key.toLowerCase();
  var forms = document.querySelectorAll("form.answer");
  if (forms.length === 1) {
    var choice = forms[0].querySelector('input[type="radio"][data-key="' + key + '"]');
    if (choice) {
      choice.checked = true;
      choice.focus();
      event.preventDefault();
      return;
    }
  }
  var link = null;
  if (key === "b") link = document.getElementById("back");
  if (key === "s") link = document.getElementById("skip");
  if (link) {
    event.preventDefault();
    link.click();
  }
});

// A page htmx swaps in replaces the body only: its language (on <main>) becomes the
// document's, so <html lang> always names the language the page is in.
document.addEventListener("htmx:afterSettle", function () {
  var main = document.getElementById("main");
  if (main && main.lang) document.documentElement.lang = main.lang;
});
