// A little help for the search form; the page works the same without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("search-form");
  if (!form) return;
  // A new page size applies with the Search button, not on change: a keyboard user moving
  // through the options with the arrow keys would reload the page on each (WCAG 3.2.2).
  // Say that a search is under way: a busy day takes a few upstream calls. The words come
  // from the page (data-busy), in its language.
  form.addEventListener("submit", () => {
    const button = form.querySelector("button[type=submit]");
    if (!button) return;
    button.dataset.label = button.textContent;
    button.disabled = true;
    if (button.dataset.busy) button.textContent = button.dataset.busy;
  });
});

// Several numbers pasted as lines (a column of a spreadsheet, a list in a ticket) go into the
// one-line phone field with commas between them: an input drops line breaks, which would run the
// numbers together. The server reads commas, semicolons and line breaks alike (phone_lists.py).
document.addEventListener("DOMContentLoaded", () => {
  const phone = document.querySelector("#search-form input[name=phone]");
  if (!phone) return;
  phone.addEventListener("paste", (event) => {
    const text = event.clipboardData && event.clipboardData.getData("text");
    if (!text || !/[\r\n]/.test(text.trim())) return;
    event.preventDefault();
    const lines = text.split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean);
    phone.setRangeText(lines.join(", "), phone.selectionStart, phone.selectionEnd, "end");
    phone.dispatchEvent(new Event("input", { bubbles: true }));
  });
});

// Coming back with the browser's Back button restores the page as it was left: re-enable.
window.addEventListener("pageshow", () => {
  const button = document.querySelector("#search-form button[type=submit]");
  if (!button) return;
  button.disabled = false;
  if (button.dataset.label) button.textContent = button.dataset.label;
});

// The detail page's Copy button: the escalation summary goes to the clipboard for a ticket.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      source.select();
      try {
        await navigator.clipboard.writeText(source.value);
      } catch {
        document.execCommand("copy"); // older browsers, or a page not served over HTTPS
      }
      const done = document.getElementById("copied");
      if (done) done.hidden = false;
    });
  }
});

// The header's language switch applies with its Switch button only (WCAG 3.2.2), as it does
// without JavaScript.

// A waiting record refreshes itself: every 15 seconds its row asks the server (which fetches
// again once the stored day is no longer fresh) until the record is delivered or failed.
const POLL_MS = 15000;
function pollWaiting(cell, url) {
  window.setTimeout(async () => {
    let answer;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      // Gone (a newer search replaced it), or logged out (sent to the login page): stop quietly.
      if (!response.ok || response.redirected) return;
      answer = await response.json();
    } catch {
      pollWaiting(cell, url); // a network blip: try again later
      return;
    }
    const row = cell.closest("tr");
    const badge = row && row.querySelector(".badge");
    if (badge) badge.outerHTML = answer.badge;
    cell.innerHTML = answer.explanation;
    if (!answer.final && answer.next) pollWaiting(cell, answer.next);
  }, POLL_MS);
}
document.addEventListener("DOMContentLoaded", () => {
  for (const waiting of document.querySelectorAll("#records [data-poll]")) {
    pollWaiting(waiting.closest("td"), waiting.dataset.poll);
  }
});

// While the circuit breaker holds calls back, its banner counts the seconds down (the number the
// server gave, in data-retry-in) and then tries again by itself, as its "Try again now" button
// does. The button works the same without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const banner = document.querySelector("[data-retry-in]");
  if (!banner) return;
  let left = Number.parseInt(banner.dataset.retryIn, 10);
  if (!(left > 0)) return;
  const shown = banner.querySelector("[data-countdown]");
  const retry = banner.querySelector("form[data-retry]");
  const timer = window.setInterval(() => {
    left -= 1;
    if (shown) shown.textContent = String(Math.max(left, 0));
    if (left > 0) return;
    window.clearInterval(timer);
    if (retry) retry.requestSubmit();
    else window.location.reload();
  }, 1000);
});

// A time of day asked for (time_from / time_to): the send closest to it is in view.
document.addEventListener("DOMContentLoaded", () => {
  const nearest = document.getElementById("nearest");
  if (nearest && !window.location.hash) nearest.scrollIntoView({ block: "center" });
});

// A long search says how far it has come: the form sends a random token with the search, and
// while the answer is on its way the page asks the server how many days are in (data-progress).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("search-form");
  const button = form && form.querySelector("button[data-progress-url]");
  if (!button || !window.crypto || !crypto.getRandomValues) return;
  form.addEventListener("submit", () => {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    let field = form.querySelector("input[name=progress]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "progress";
      form.append(field);
    }
    field.value = token;
    const url = button.dataset.progressUrl.replace("TOKEN", token);
    const timer = setInterval(async () => {
      try {
        const answer = await (await fetch(url, { headers: { Accept: "application/json" } })).json();
        if (answer.total > 1) {
          button.textContent = button.dataset.progress
            .replace("{done}", answer.done)
            .replace("{total}", answer.total);
        }
      } catch (error) {
        clearInterval(timer);
      }
    }, 400);
    window.addEventListener("pagehide", () => clearInterval(timer), { once: true });
  });
});

// Reveal in place: the audited POST answers the full text as JSON, which replaces the masked
// one in its cell, so the search (its range, filters and page) stays as it was.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("reveal")) return;
  event.preventDefault();
  try {
    const answer = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!answer.ok) throw new Error(String(answer.status));
    const { content } = await answer.json();
    const cell = form.closest("td, dd, .content") || form.parentElement;
    cell.textContent = content;
    cell.classList.add("revealed");
  } catch (error) {
    form.submit(); // the page of its own, as without JavaScript
  }
});

// The rates page's breakdown tables sort by any column: its header becomes a button (Enter or
// Space with the keyboard), a second press reverses, and aria-sort tells screen readers. Cells
// sort by their number ("8,792", "93.5%", "1 min 30 s", "≈ 121") when they have one, else by
// their text. Without JavaScript the tables keep the server's order (most first).
function sortValue(cell) {
  const text = cell.textContent.trim();
  const minutes = text.match(/^(\d+) min (\d+) s/);
  if (minutes) return Number(minutes[1]) * 60 + Number(minutes[2]);
  const number = text.replace(/^[≈≥+\s]+/, "").replace(/,/g, "").match(/^-?\d+(\.\d+)?/);
  return number ? Number(number[0]) : text;
}

function sortRows(table, column, descending) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = sortValue(a.cells[column]);
    const y = sortValue(b.cells[column]);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return descending ? -order : order;
  });
  rows.forEach((row) => body.appendChild(row));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable").forEach((table) => {
    const heads = [...table.tHead.rows[0].cells];
    heads.forEach((head, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...head.childNodes);
      head.appendChild(button);
      button.addEventListener("click", () => {
        const descending = head.getAttribute("aria-sort") !== "descending";
        heads.forEach((other) => other.removeAttribute("aria-sort"));
        head.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortRows(table, column, descending);
      });
    });
  });
});
