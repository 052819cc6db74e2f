// The accessibility rules the browser tests check on every page of ours, run in the page.
//
// axe-core is not vendored here (no network to fetch it; tests/browser/test_accessibility.py
// runs it too when AXE_CORE_JS names a copy). These are the axe rules our pages can break,
// written small: html-has-lang, document-title, label, select-name, button-name, link-name,
// duplicate-id, image-alt, svg-img-alt, aria-valid-attr-value (id references), list,
// definition-list, landmark-one-main, page-has-heading-one, color-contrast (AA, solid
// backgrounds) and skip-link (a same-page link's target exists).
// Returns a list of {rule, where, detail}; empty is a pass.
() => {
  const found = [];
  const where = (element) => {
    const id = element.id ? `#${element.id}` : "";
    const classes = element.classList.length ? `.${[...element.classList].join(".")}` : "";
    return `${element.tagName.toLowerCase()}${id}${classes}`;
  };
  const fail = (rule, element, detail = "") => found.push({ rule, where: where(element), detail });
  const text = (element) => (element.textContent || "").replace(/\s+/g, " ").trim();
  const rendered = (element) => {
    if (!element.getClientRects().length) return false;
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  const byIds = (value) => (value || "").split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));

  function accessibleName(element) {
    const labelledBy = byIds(element.getAttribute("aria-labelledby")).filter(Boolean);
    if (labelledBy.length) return labelledBy.map(text).join(" ").trim();
    const label = (element.getAttribute("aria-label") || "").trim();
    if (label) return label;
    if (element.labels && element.labels.length) {
      const labelled = [...element.labels].map(text).join(" ").trim();
      if (labelled) return labelled;
    }
    if (element.tagName === "INPUT" && ["submit", "button", "reset"].includes(element.type)) {
      return (element.value || "").trim();
    }
    if (["A", "BUTTON"].includes(element.tagName)) {
      const own = text(element) || [...element.querySelectorAll("img[alt]")].map((img) => img.alt).join(" ");
      if (own.trim()) return own.trim();
    }
    return (element.getAttribute("title") || element.getAttribute("placeholder") || "").trim();
  }

  // html-has-lang, document-title, landmark-one-main, page-has-heading-one
  const lang = document.documentElement.getAttribute("lang") || "";
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) fail("html-has-lang", document.documentElement, lang);
  if (!document.title.trim()) fail("document-title", document.documentElement);
  if (document.querySelectorAll("main, [role=main]").length !== 1) fail("landmark-one-main", document.body);
  if (!document.querySelector("h1")) fail("page-has-heading-one", document.body);

  // label, select-name, button-name, link-name
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (control.type === "hidden") continue;
    if (!accessibleName(control)) fail(control.tagName === "SELECT" ? "select-name" : "label", control);
  }
  for (const button of document.querySelectorAll("button, [role=button]")) {
    if (!accessibleName(button)) fail("button-name", button);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (!accessibleName(link)) fail("link-name", link);
  }

  // duplicate-id, aria references
  const seen = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    if (seen.has(element.id)) fail("duplicate-id", element);
    seen.set(element.id, element);
  }
  for (const attribute of ["aria-labelledby", "aria-describedby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      if (byIds(element.getAttribute(attribute)).some((target) => !target)) {
        fail("aria-valid-attr-value", element, attribute);
      }
    }
  }

  // image-alt, svg-img-alt
  for (const image of document.querySelectorAll("img:not([alt])")) fail("image-alt", image);
  for (const svg of document.querySelectorAll("svg[role=img]")) {
    const titled = svg.querySelector("title") && text(svg.querySelector("title"));
    if (!titled && !accessibleName(svg)) fail("svg-img-alt", svg);
  }

  // list, definition-list
  for (const list of document.querySelectorAll("ul, ol")) {
    for (const child of list.children) {
      if (!["LI", "SCRIPT", "TEMPLATE"].includes(child.tagName)) fail("list", child);
    }
  }
  for (const list of document.querySelectorAll("dl")) {
    for (const child of list.children) {
      const grouped = child.tagName === "DIV" && [...child.children].every((c) => ["DT", "DD"].includes(c.tagName));
      if (!["DT", "DD", "SCRIPT", "TEMPLATE"].includes(child.tagName) && !grouped) fail("definition-list", child);
    }
  }

  // skip-link: a same-page link's target exists
  for (const link of document.querySelectorAll("a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id && !document.getElementById(id)) fail("skip-link", link, id);
  }

  // color-contrast (WCAG AA): text on the first solid background behind it
  const rgba = (value) => {
    const parts = (value.match(/[\d.]+/g) || []).map(Number);
    return { r: parts[0] || 0, g: parts[1] || 0, b: parts[2] || 0, a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ({ r, g, b }) => {
    const channel = (value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return null; // a gradient or image: not judged here
      const colour = rgba(style.backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    return layers.reduceRight((under, over) => blend(over, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const clipped = (element) => {
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip && style.clip !== "auto" && style.position === "absolute") return true;
      if (node.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("svg") || !rendered(element)) continue;
    const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    if (!ownText || clipped(element) || element.disabled) continue;
    const style = getComputedStyle(element);
    const behind = background(element);
    if (!behind) continue;
    const colour = blend(rgba(style.color), behind);
    const [light, dark] = [luminance(colour), luminance(behind)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) fail("color-contrast", element, ratio.toFixed(2));
  }
  return found;
}
