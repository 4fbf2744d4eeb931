/* The site's search box (partials/sop-cari.html) over Pagefind's index (pagefind/).
 *
 * - Indonesian writes some compounds joined or apart ("tanda tangan",
 *   "tandatangan"): each pair of typed words is also searched joined, and the
 *   results are merged.
 * - A result is a page with its best sections: a step of the procedure table
 *   (its anchor), or a heading. Excerpts are built as text and <mark> only;
 *   the hidden root words a section carries for search (after "¦") are cut,
 *   and when only such a root matched, the page's words of that root are
 *   marked ("periksa" marks "Memeriksa").
 * - Filters (Bidang, Jabatan, Status, Dasar hukum) come from the index.
 * Everything is loaded from this site: no outside request.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-sop-cari]");
  if (!root) return;
  var label = JSON.parse(root.getAttribute("data-label") || "{}");
  var dialog = root.querySelector("dialog");
  var input = root.querySelector(".sop-cari__input");
  var filterBox = root.querySelector(".sop-cari__filter");
  var status = root.querySelector(".sop-cari__status");
  var list = root.querySelector(".sop-cari__hasil");
  var bundle = root.getAttribute("data-bundle");
  var pagefind = null;
  var chosen = {};
  var counter = 0;
  var MAX_RESULTS = 12;
  var MAX_SECTIONS = 3;

  function say(key, count) {
    return (label[key] || key).replace("{n}", count);
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", new URL(bundle, location.href)).href).then(
        function (module) {
          return module.options({ excerptLength: 24 }).then(function () {
            return module;
          });
        }
      );
      pagefind.then(showFilters);
    }
    return pagefind;
  }

  function showFilters(module) {
    module.filters().then(function (filters) {
      filterBox.textContent = "";
      Object.keys(filters).sort().forEach(function (name) {
        var values = Object.keys(filters[name]).sort();
        if (!values.length) return;
        var field = document.createElement("label");
        field.className = "sop-cari__pilihan";
        var caption = document.createElement("span");
        caption.textContent = name;
        var select = document.createElement("select");
        select.setAttribute("data-filter", name);
        var all = document.createElement("option");
        all.value = "";
        all.textContent = say("semua");
        select.appendChild(all);
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value + " (" + filters[name][value] + ")";
          select.appendChild(option);
        });
        select.addEventListener("change", function () {
          if (select.value) chosen[name] = select.value;
          else delete chosen[name];
          search();
        });
        field.appendChild(caption);
        field.appendChild(select);
        filterBox.appendChild(field);
      });
    });
  }

  function variants(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var result = [words.join(" ")];
    for (var i = 0; i + 1 < words.length; i++) {
      var joined = words.slice(0, i).concat([words[i] + words[i + 1]], words.slice(i + 2));
      result.push(joined.join(" "));
    }
    return result;
  }

  /* Pagefind's excerpt as DOM nodes: its text and <mark>, nothing else; the
   * section's title, which it repeats, and the hidden search words are left out.
   * When only a hidden root word matched ("periksa" for a step that says
   * "Memeriksa"), the page's words of that root are marked instead. */
  function excerptNodes(html, title) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    var cut = false;
    var roots = [];
    template.content.childNodes.forEach(function (node) {
      if (cut) {
        if (node.nodeName === "MARK") roots.push(node.textContent.toLowerCase());
        return;
      }
      var text = node.textContent;
      var at = text.indexOf("¦");
      if (at >= 0) {
        text = text.slice(0, at).replace(/\s+$/, "");
        cut = true;
      }
      if (!text) return;
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = text;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(text));
      }
    });
    if (roots.length && !out.querySelector("mark")) markRoots(out, roots);
    var text = out.textContent.replace(/\s+/g, " ").trim();
    var bare = (title || "").replace(/\s+/g, " ").trim();
    if (bare && (text === bare || text === bare + ".")) return document.createDocumentFragment();
    return text.split(" ").length >= 3 ? out : document.createDocumentFragment();
  }

  /* Whether a word of the page carries one of the roots: "Pemeriksaan" holds
   * "periksa" less its first letter, which Indonesian prefixes drop from p, t,
   * k and s ("me-meriksa", "pe-nandatangan-an"). */
  function fromRoot(word, roots) {
    var lower = word.toLowerCase();
    return roots.some(function (root) {
      if (root.length < 4) return false;
      if (lower.indexOf(root) >= 0) return true;
      return "ptks".indexOf(root.charAt(0)) >= 0 && lower.indexOf(root.slice(1)) > 0;
    });
  }

  function markRoots(fragment, roots) {
    Array.prototype.slice.call(fragment.childNodes).forEach(function (node) {
      if (node.nodeType !== 3) return;
      var parts = node.textContent.split(/([A-Za-z\u00C0-\u024F]+)/);
      var found = parts.some(function (part, i) {
        return i % 2 === 1 && fromRoot(part, roots);
      });
      if (!found) return;
      var replaced = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (i % 2 === 1 && fromRoot(part, roots)) {
          var mark = document.createElement("mark");
          mark.textContent = part;
          replaced.appendChild(mark);
        } else if (part) {
          replaced.appendChild(document.createTextNode(part));
        }
      });
      fragment.replaceChild(replaced, node);
    });
  }

  /* A step's result shows its number too: steps of one SOP can share a name. */
  function numbered(url, title) {
    var step = /#langkah-(\d+)$/.exec(url);
    return step ? step[1] + ". " + title : title;
  }

  function link(url, title, excerpt, className) {
    var a = document.createElement("a");
    a.href = url;
    a.className = className;
    var strong = document.createElement("strong");
    strong.textContent = numbered(url, title);
    a.appendChild(strong);
    if (excerpt) {
      var p = document.createElement("span");
      p.className = "sop-cari__kutipan";
      p.appendChild(excerptNodes(excerpt, title));
      a.appendChild(p);
    }
    return a;
  }

  /* How strongly a section matched: its matches, weighted as Pagefind weighs them. */
  function weight(section) {
    var found = section.weighted_locations || [];
    if (!found.length) return (section.locations || []).length;
    return found.reduce(function (sum, l) { return sum + (l.balanced_score || l.weight || 1); }, 0);
  }

  function render(pages, token) {
    if (token !== counter) return;
    list.textContent = "";
    status.textContent = pages.length ? say("hasil", pages.length) : say("kosong");
    pages.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "sop-cari__halaman";
      var sections = (page.sub_results || [])
        .filter(function (s) { return s.url !== page.url; })
        .sort(function (a, b) { return weight(b) - weight(a); });
      var first = sections.length ? null : page.excerpt;
      item.appendChild(link(page.url, page.meta.title || page.url, first, "sop-cari__judul"));
      if (sections.length) {
        var inner = document.createElement("ul");
        sections.slice(0, MAX_SECTIONS).forEach(function (section) {
          var li = document.createElement("li");
          li.appendChild(link(section.url, section.title, section.excerpt, "sop-cari__bagian"));
          inner.appendChild(li);
        });
        item.appendChild(inner);
      }
      list.appendChild(item);
    });
  }

  function search() {
    var token = ++counter;
    var query = input.value.trim();
    var filtered = Object.keys(chosen).length > 0;
    if (!query && !filtered) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = say("mencari");
    load().then(function (module) {
      var queries = query ? variants(query) : [null];
      return Promise.all(
        queries.map(function (q) {
          return module.search(q, { filters: chosen });
        })
      ).then(function (answers) {
        if (token !== counter) return;
        var best = {};
        answers.forEach(function (answer) {
          answer.results.forEach(function (result) {
            var known = best[result.id];
            if (!known || result.score > known.score) best[result.id] = result;
          });
        });
        var ranked = Object.keys(best)
          .map(function (id) { return best[id]; })
          .sort(function (a, b) { return b.score - a.score; })
          .slice(0, MAX_RESULTS);
        return Promise.all(ranked.map(function (r) { return r.data(); })).then(function (pages) {
          render(pages, token);
        });
      });
    });
  }

  root.querySelector(".sop-cari__buka").addEventListener("click", function () {
    load();
    dialog.showModal();
    input.focus();
    input.select();
  });
  var pending = null;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(search, 150); /* wait for the typing to pause */
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); /* a click on the backdrop */
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target || {}).tagName || "");
    if (event.key === "/" && !typing && !dialog.open) {
      event.preventDefault();
      root.querySelector(".sop-cari__buka").click();
    }
  });

})();
