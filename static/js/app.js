// Behaviour the templates once wrote inline (onsubmit, onclick), which the Content-Security-Policy refuses.
// Listening on the document also covers rows htmx swaps in later.

// <form data-confirm="Question?">: ask before submitting.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// <button data-print>: print the page.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
