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

// <select data-filters="other-id">: the other list shows only the options whose data-district is the chosen value
// (a district's units); a chosen unit of another district is cleared. Without JavaScript every unit stays, and
// the server refuses a unit outside the chosen district.
function filterOptions(select) {
  const target = document.getElementById(select.dataset.filters);
  if (!target) return;
  for (const option of target.options) {
    const hidden = Boolean(select.value) && Boolean(option.dataset.district) && option.dataset.district !== select.value;
    option.hidden = hidden;
    option.disabled = hidden;
    if (hidden && option.selected) target.value = "";
  }
}
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-filters]")) filterOptions(event.target);
});
document.querySelectorAll("select[data-filters]").forEach(filterOptions);
