// Colour contrast that axe leaves "incomplete": chart SVG, and text it cannot see whole.
// Loaded into the page by tools/a11y.py; each check returns [{target, message}], [] when all is well.
// Ratios follow WCAG 2.2: 4.5:1 for text (3:1 when large), 3:1 for graphical objects (1.4.11).
(() => {
  const WHITE = { r: 255, g: 255, b: 255, a: 1 };

  function parse(value) {
    const found = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(value.trim());
    if (!found) return null;
    return { r: +found[1], g: +found[2], b: +found[3], a: found[4] === undefined ? 1 : +found[4] };
  }

  function over(top, bottom) {
    const mix = (a, b) => a * top.a + b * (1 - top.a);
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
  }

  function luminance(colour) {
    const linear = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
  }

  function ratio(one, other) {
    const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  // The colour behind an element from its ancestors' backgrounds; a string saying why when it cannot be known.
  function backdrop(element) {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return `a background image on <${node.localName}>`;
      if (parseFloat(style.opacity) < 1) return `opacity ${style.opacity} on <${node.localName}>`;
      const colour = parse(style.backgroundColor);
      if (colour === null) return `background ${style.backgroundColor} on <${node.localName}>`;
      if (colour.a > 0) layers.push(colour);
      if (colour.a === 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), WHITE);
  }

  function isLarge(style) {
    const px = parseFloat(style.fontSize);
    return px >= 24 || (px >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
  }

  function describe(element) {
    const title = element.closest("figure")?.querySelector("figcaption")?.textContent.trim();
    const text = element.localName === "svg" ? "" : element.textContent.trim().slice(0, 40);
    return `${title ? 'chart "' + title + '" ' : ""}<${element.localName}>${text ? ' "' + text + '"' : ""}`;
  }

  // A paint (fill or stroke) as the colours it shows: one, a pattern's own colours, or none at all.
  function paint(element, value, opacity) {
    if (value === "none") return [];
    const url = /url\("?#([^")]+)"?\)/.exec(value);
    if (url) {
      const pattern = element.ownerDocument.getElementById(url[1]);
      if (!pattern) return null;
      const colours = [];
      for (const part of pattern.querySelectorAll("rect, circle, path, line, polygon, ellipse")) {
        const style = getComputedStyle(part);
        const shown = paint(part, style.fill, parseFloat(style.fillOpacity));
        if (shown === null) return null;
        colours.push(...shown);
      }
      return colours;
    }
    const colour = parse(value);
    if (colour === null) return null;
    return [{ ...colour, a: colour.a * opacity }];
  }

  function shapeColours(shape) {
    const style = getComputedStyle(shape);
    const stroked = style.stroke !== "none" && parseFloat(style.strokeWidth) > 0;
    const stroke = stroked ? paint(shape, style.stroke, parseFloat(style.strokeOpacity)) : [];
    const fill = shape.localName === "line" ? [] : paint(shape, style.fill, parseFloat(style.fillOpacity));
    return stroke === null || fill === null ? null : [...stroke, ...fill];
  }

  function box(element, grow = 0) {
    const r = element.getBoundingClientRect();
    return { left: r.left - grow, right: r.right + grow, top: r.top - grow, bottom: r.bottom + grow };
  }

  const inside = (x, y, b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;

  // Whether a shape's painted area meets a text's box: a line by its stroke, others by their box.
  function crosses(shape, textBox) {
    if (shape.localName !== "line") {
      const b = box(shape);
      return b.left < textBox.right && b.right > textBox.left && b.top < textBox.bottom && b.bottom > textBox.top;
    }
    const matrix = shape.getScreenCTM();
    const end = (x, y) => new DOMPoint(x, y).matrixTransform(matrix);
    const [a, b] = [end(shape.x1.baseVal.value, shape.y1.baseVal.value), end(shape.x2.baseVal.value, shape.y2.baseVal.value)];
    const half = parseFloat(getComputedStyle(shape).strokeWidth) / 2;
    const grown = { left: textBox.left - half, right: textBox.right + half, top: textBox.top - half, bottom: textBox.bottom + half };
    const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)) + 1;
    for (let i = 0; i <= steps; i++) {
      if (inside(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps, grown)) return true;
    }
    return false;
  }

  const SHAPES = "rect, circle, ellipse, line, path, polygon, polyline";

  function chartText(svg, ground, problems) {
    const shapes = [...svg.querySelectorAll(SHAPES)].filter((s) => !s.closest("defs, pattern"));
    for (const text of svg.querySelectorAll("text")) {
      const style = getComputedStyle(text);
      const fill = paint(text, style.fill, parseFloat(style.fillOpacity));
      if (fill === null || fill.length !== 1) {
        problems.push({ target: describe(text), message: `text fill ${style.fill} cannot be checked` });
        continue;
      }
      const textBox = box(text);
      const behind = [ground];
      for (const shape of shapes) {
        if (!crosses(shape, textBox)) continue;
        const colours = shapeColours(shape);
        if (colours === null) {
          problems.push({ target: describe(text), message: `the ${shape.localName} behind it has a paint that cannot be checked` });
          continue;
        }
        behind.push(...colours.map((c) => over(c, ground)));
      }
      const needed = isLarge(style) ? 3 : 4.5;
      for (const colour of behind) {
        const found = ratio(over(fill[0], colour), colour);
        if (found < needed) {
          problems.push({
            target: describe(text),
            message: `text ${hex(over(fill[0], colour))} on ${hex(colour)} has contrast ${found.toFixed(2)}:1, needs ${needed}:1`,
          });
        }
      }
    }
  }

  function chartGraphics(svg, ground, problems) {
    for (const shape of svg.querySelectorAll(SHAPES)) {
      if (shape.closest("defs, pattern")) continue;
      const colours = shapeColours(shape);
      const what = `<${shape.localName} class="${shape.getAttribute("class") || ""}">`;
      if (colours === null) {
        problems.push({ target: describe(svg) + " " + what, message: "a paint that cannot be checked" });
        continue;
      }
      const best = Math.max(0, ...colours.map((c) => ratio(over(c, ground), ground)));
      if (best < 3) {
        const shown = colours.map((c) => hex(over(c, ground))).join(", ") || "nothing";
        problems.push({
          target: describe(svg) + " " + what,
          message: `shows ${shown} on ${hex(ground)}: best contrast ${best.toFixed(2)}:1, needs 3:1`,
        });
      }
    }
  }

  // Every SVG on the page: its text against all it is drawn over, its shapes against the page behind.
  function charts() {
    const problems = [];
    for (const svg of document.querySelectorAll("svg")) {
      const ground = backdrop(svg);
      if (typeof ground === "string") {
        problems.push({ target: describe(svg), message: `background cannot be known: ${ground}` });
        continue;
      }
      chartText(svg, ground, problems);
      chartGraphics(svg, ground, problems);
    }
    return problems;
  }

  // HTML text that axe could not see whole (taller than the window, or scrolled inside a table's region):
  // brought into view, it must be on top where it is, and its colour is checked against its ancestors' backgrounds.
  function text(selectors) {
    const problems = [];
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (element === null) {
        problems.push({ target: selector, message: "not found again" });
        continue;
      }
      if (element.closest("svg")) continue; // charts() checks every SVG text
      element.scrollIntoView({ block: "center", inline: "center" });
      const r = element.getBoundingClientRect();
      const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
      const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
      const top = document.elementFromPoint(x, y);
      if (top === null || !element.contains(top)) {
        problems.push({ target: selector, message: `covered by <${top ? top.localName : "nothing"}>` });
        continue;
      }
      const ground = backdrop(element);
      const style = getComputedStyle(element);
      const colour = parse(style.color);
      if (typeof ground === "string" || colour === null) {
        problems.push({ target: selector, message: `colours cannot be known: ${typeof ground === "string" ? ground : style.color}` });
        continue;
      }
      const needed = isLarge(style) ? 3 : 4.5;
      const found = ratio(over(colour, ground), ground);
      if (found < needed) {
        problems.push({
          target: selector,
          message: `text ${hex(over(colour, ground))} on ${hex(ground)} has contrast ${found.toFixed(2)}:1, needs ${needed}:1`,
        });
      }
    }
    scrollTo(0, 0);
    return problems;
  }

  window.cspgenContrast = { charts, text };
})();
