// Marsad dashboard behaviour: tooltips, linked highlights, layer switches, map pan/zoom.
// Everything shown comes from data-* attributes and is set with textContent (never HTML).
"use strict";

(function () {
  const tip = document.getElementById("tip");

  function marksAround(el) {
    const chain = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.classList.contains("hl") && n.dataset.tip) chain.push(n);
      if (n.tagName === "ARTICLE") break;
    }
    return chain; // innermost first
  }

  function related(mark) {
    const ids = [mark.dataset.ref].concat((mark.dataset.links || "").split(" ")).filter(Boolean);
    const out = [];
    for (const id of ids) {
      const sel = '[data-ref="' + CSS.escape(id) + '"], [data-entity="' + CSS.escape(id) + '"]';
      document.querySelectorAll("article.text " + sel).forEach((n) => out.push(n));
    }
    return out;
  }

  let lit = [];
  function clearLit() {
    lit.forEach((n) => n.classList.remove("lit"));
    lit = [];
  }

  function showTip(target, x, y) {
    const chain = marksAround(target);
    if (!tip || chain.length === 0) return hideTip();
    tip.replaceChildren();
    for (const mark of chain) {
      const part = document.createElement("div");
      part.className = "tip-part";
      part.textContent = mark.dataset.tip;
      tip.appendChild(part);
    }
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    const left = Math.min(Math.max(8, x - r.width / 2), window.innerWidth - r.width - 8);
    const top = y + 18 + r.height > window.innerHeight ? y - r.height - 12 : y + 18;
    tip.style.left = left + "px";
    tip.style.top = Math.max(8, top) + "px";
    clearLit();
    lit = related(chain[0]);
    lit.forEach((n) => n.classList.add("lit"));
  }

  function hideTip() {
    if (tip) tip.hidden = true;
    clearLit();
  }

  const text = document.querySelector("article.text");
  if (text) {
    // the native title is the no-script fallback; the richer tooltip replaces it
    text.querySelectorAll(".hl[title]").forEach((n) => n.removeAttribute("title"));
    text.addEventListener("mouseover", (e) => showTip(e.target, e.clientX, e.clientY));
    text.addEventListener("mousemove", (e) => {
      if (!tip.hidden) {
        const r = tip.getBoundingClientRect();
        tip.style.left = Math.min(Math.max(8, e.clientX - r.width / 2), window.innerWidth - r.width - 8) + "px";
      }
    });
    text.addEventListener("mouseleave", hideTip);
    text.addEventListener("focusin", (e) => {
      const r = e.target.getBoundingClientRect();
      showTip(e.target, r.left + r.width / 2, r.bottom);
    });
    text.addEventListener("focusout", hideTip);
  }

  document.querySelectorAll(".layers input[data-layer]").forEach((box) => {
    box.addEventListener("change", () => {
      if (text) text.classList.toggle("off-" + box.dataset.layer, !box.checked);
    });
  });

  document.querySelectorAll("a.jump[data-ref]").forEach((a) => {
    a.addEventListener("click", (e) => {
      const ref = a.dataset.ref;
      const pieces = document.querySelectorAll(
        'article.text [data-ref="' + CSS.escape(ref) + '"], article.text [data-entity="' + CSS.escape(ref) + '"]'
      );
      if (pieces.length === 0) return;
      e.preventDefault();
      pieces[0].scrollIntoView({ behavior: "smooth", block: "center" });
      pieces.forEach((n) => {
        n.classList.remove("flash");
        void n.offsetWidth; // restart the animation
        n.classList.add("flash");
      });
    });
  });

  // auto-submit filter forms when a select changes
  document.querySelectorAll("form.filters select").forEach((s) => {
    s.addEventListener("change", () => s.form.requestSubmit());
  });

  // map: wheel to zoom, drag to pan, by changing the SVG viewBox
  const svg = document.querySelector(".map svg");
  if (svg) {
    const start = svg.getAttribute("viewBox");
    let vb = start.split(/[ ,]+/).map(Number);
    const apply = () => svg.setAttribute("viewBox", vb.map((v) => v.toFixed(3)).join(" "));
    const toSvg = (e) => {
      const r = svg.getBoundingClientRect();
      return [vb[0] + ((e.clientX - r.left) / r.width) * vb[2], vb[1] + ((e.clientY - r.top) / r.height) * vb[3]];
    };
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [px, py] = toSvg(e);
      const k = e.deltaY < 0 ? 0.8 : 1.25;
      const w = Math.min(Math.max(vb[2] * k, 2), 400);
      const h = (w * vb[3]) / vb[2];
      vb = [px - ((px - vb[0]) * w) / vb[2], py - ((py - vb[1]) * h) / vb[3], w, h];
      apply();
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, vb: vb.slice() };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const r = svg.getBoundingClientRect();
      vb[0] = drag.vb[0] - ((e.clientX - drag.x) / r.width) * vb[2];
      vb[1] = drag.vb[1] - ((e.clientY - drag.y) / r.height) * vb[3];
      apply();
    });
    svg.addEventListener("pointerup", () => { drag = null; });
    const reset = document.getElementById("map-reset");
    if (reset) reset.addEventListener("click", () => { vb = start.split(/[ ,]+/).map(Number); apply(); });
    const world = document.getElementById("map-world");
    if (world) world.addEventListener("click", () => { vb = [-180, -90, 360, 180]; apply(); });
  }
})();
