package web

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// a11yAudit is run in the page: it returns the WCAG 2.1 AA problems a
// machine can find — the lang attribute, a label for every control, the
// landmarks and one h1, alternative text of images, the contrast of every
// text computed from the rendered styles (4.5:1, 3:1 for large text), and
// the targets of in-page links.
const a11yAudit = `(() => {
  const problems = [];
  const visible = el => {
    if (!el.getClientRects().length) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
    }
    return true;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  const lang = document.documentElement.getAttribute("lang");
  if (lang !== "cs" && lang !== "en") problems.push("html lang is " + lang);
  if (!document.title.trim()) problems.push("no title");

  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || !visible(el)) continue;
    const byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
    const ok = (byFor && byFor.textContent.trim()) || el.closest("label") || el.getAttribute("aria-label") ||
      el.getAttribute("aria-labelledby");
    if (!ok) problems.push("control without a label: " + name(el));
    for (const id of (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) problems.push(name(el) + " is described by a missing #" + id);
    }
  }
  for (const b of document.querySelectorAll("button, a[href]")) {
    if (visible(b) && !b.textContent.trim() && !b.getAttribute("aria-label") && !b.querySelector("img[alt]:not([alt=''])"))
      problems.push("a link or button without a name: " + name(b));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push("image without alt: " + img.src);
  }
  const count = sel => document.querySelectorAll(sel).length;
  if (count("main") !== 1) problems.push(count("main") + " main landmarks");
  if (count("body > header") !== 1) problems.push("no banner (body > header)");
  if (count("body > footer") !== 1) problems.push("no contentinfo (body > footer)");
  for (const nav of document.querySelectorAll("nav")) {
    if (!nav.getAttribute("aria-label") && !nav.getAttribute("aria-labelledby")) problems.push("nav without a label");
  }
  if (count("h1") !== 1) problems.push(count("h1") + " h1 headings");
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const id = a.getAttribute("href").slice(1);
    if (id && !document.getElementById(id)) problems.push("link to a missing #" + id);
  }

  // Contrast of every visible text, against the first opaque background
  // behind it.
  const rgb = c => { const m = c.match(/[\d.]+/g) || []; return m.map(Number); };
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] >= 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!t.textContent.trim() || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    const s = getComputedStyle(el);
    const fg = rgb(s.color).slice(0, 3), bg = background(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) problems.push("contrast " + ratio.toFixed(2) + " < " + need + " for '" + t.textContent.trim().slice(0, 30) + "' in " + name(el));
  }
  return problems;
})()`

// focusables lists, in document order, the elements the Tab key should
// reach, marking each with data-tab; the honeypot and hidden controls are
// not among them.
const focusables = `(() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
  const list = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) continue;
    let hidden = false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") hidden = true;
    }
    if (hidden) continue;
    el.dataset.tab = String(list.length);
    list.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""));
  }
  return list;
})()`

// tabStart is the index of the first element Tab should reach from the
// current focus.
const tabStart = `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 0;
  for (const el of document.querySelectorAll("[data-tab]")) {
    if (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) return Number(el.dataset.tab);
  }
  return 0;
})()`

// focused describes the focused element and whether its focus is visible.
const focused = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  const s = getComputedStyle(el);
  const shown = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== "none";
  return (el.dataset.tab || "?") + (shown ? "" : " (focus not visible)");
})()`

// auditPage runs the audit and the keyboard walk on the loaded page.
func auditPage(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	var problems, order []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(a11yAudit, &problems), chromedp.Evaluate(focusables, &order)); err != nil {
		t.Fatalf("%s: audit: %v", label, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", label, p)
	}
	if len(order) == 0 || !strings.HasPrefix(order[0], "a") {
		t.Errorf("%s: the first focusable element is %v, want the skip link", label, order)
	}
	// Tab through the page: every element in document order, each with a
	// visible focus — from the start, or from where the page put the focus
	// (the error summary).
	var start int
	if err := chromedp.Run(ctx, chromedp.Evaluate(tabStart, &start)); err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	for i := start; i < len(order); i++ {
		var got string
		if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(focused, &got)); err != nil {
			t.Fatalf("%s: tab: %v", label, err)
		}
		if want := itoa(int64(i)); got != want {
			t.Errorf("%s: Tab #%d focused %q, want %s (%s)", label, i-start+1, got, want, order[i])
			return
		}
	}
}

func TestBrowser_PortalAccessibility(t *testing.T) {
	e := newPortalEnv(t, nil)
	ctx, problems, base := portalBrowser(t, e)
	// A case to show on the status page.
	b := e.visitor("192.0.2.1")
	number, code := submitted(t, b.multipart("/portal/form", b.openForm(), nil).Body.String())

	pages := []struct {
		name string
		run  chromedp.Action
	}{
		{"home", chromedp.Navigate(base + "/portal/")},
		{"form", chromedp.Navigate(base + "/portal/form")},
		{"form with errors", chromedp.Tasks{chromedp.Navigate(base + "/portal/form"),
			chromedp.Click(`button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`#errors`, chromedp.ByID)}},
		{"sign-in", chromedp.Navigate(base + "/portal/status")},
		{"status", chromedp.Tasks{chromedp.Navigate(base + "/portal/status"),
			chromedp.SendKeys(`#s-number`, number, chromedp.ByID), chromedp.SendKeys(`#s-code`, code, chromedp.ByID),
			chromedp.Submit(`#s-code`, chromedp.ByID), chromedp.WaitVisible(`dl.facts`, chromedp.ByQuery)}},
		{"signed out", chromedp.Tasks{chromedp.Click(`form.signout button`, chromedp.ByQuery),
			chromedp.WaitVisible(`#s-number`, chromedp.ByID)}},
		{"code request", chromedp.Navigate(base + "/portal/code")},
		{"privacy", chromedp.Navigate(base + "/portal/privacy")},
		{"accessibility", chromedp.Navigate(base + "/portal/accessibility")},
	}
	for _, lang := range []string{"cs", "en"} {
		if err := chromedp.Run(ctx, chromedp.Navigate(base+"/portal/lang/"+lang+"?next=/portal/"),
			chromedp.WaitVisible(`html[lang="`+lang+`"]`, chromedp.ByQuery)); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		for _, p := range pages {
			if err := chromedp.Run(ctx, p.run, chromedp.WaitReady(`footer`, chromedp.ByQuery)); err != nil {
				t.Fatalf("%s (%s): %v", p.name, lang, err)
			}
			auditPage(t, ctx, p.name+" ("+lang+")")
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages raised script errors or CSP violations: %q", p)
	}

	// The audit itself finds what it looks for: a control without a label,
	// pale text, an image without alt, a second h1, a missing lang.
	var found []string
	err := chromedp.Run(ctx, chromedp.Navigate(base+"/portal/"), chromedp.WaitReady(`footer`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
		  const m = document.querySelector("main");
		  m.append(document.createElement("input"), document.createElement("img"), document.createElement("h1"));
		  const p = document.createElement("p"); p.textContent = "pale"; p.style.color = "#bbbbbb"; m.append(p);
		  document.documentElement.removeAttribute("lang");
		  return true;
		})()`, nil),
		chromedp.Evaluate(a11yAudit, &found))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"html lang", "without a label", "contrast", "without alt", "h1 headings"} {
		if !slices.ContainsFunc(found, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("the audit of a broken page missed %q: %q", want, found)
		}
	}
}
