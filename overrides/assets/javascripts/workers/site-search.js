// The site's search worker: runs Material's own search worker (its file name is
// passed as ?material=…), after fixing three things in it. Every language uses
// it; 1 and 2 apply to a Chinese index only.
//
// 1. The query is cut into the index's own words. At build time jieba cut the
//    pages into words; Material's worker cuts the query with a greedy matcher
//    that never tries a run's last character (梯度下降 -> 梯度, 下; 过拟合 -> 过).
//    Here the query is cut with the words and word counts of the index itself
//    (most probable cut, like jieba's), and the words of one typed term are all
//    required, so a page that has 学习 but not 学习率 is not a result and no
//    found word is reported missing. The last word is a prefix (率 finds 率为;
//    typing 梯度下 already finds 梯度下降).
// 2. Full-width punctuation separates words, as in the text: without it the
//    index holds "（cnn）" and "：adam", and CNN or Adam is not found.
// 3. Every result links with the words it was found by (?h=…), so the page a
//    reader lands on highlights them. Material lists a page whose sections
//    matched, but not its own first part, with no words, and its link carries an
//    empty ?h=: it gets the words its sections matched (withTerms).
//
// Nothing is downloaded for this: the words come from the index the worker
// receives anyway. Node loads this file to test it (module.exports).
"use strict";

var HAN_RUN = /(\p{sc=Han}+)/u;
var HAN_WORD = /^\p{sc=Han}+$/u;
var FULL_WIDTH_PUNCTUATION = "[（）［］【】〔〕《》〈〉「」『』“”‘’：・…]+";

// Every Han word of the index, with its count: the text split as Material's
// tokenizer splits it (markup removed, at the configured separator).
function vocabulary(docs, separator) {
  var split = new RegExp(separator), counts = new Map(), total = 0, longest = 1;
  docs.forEach(function (doc) {
    [doc.title, doc.text].forEach(function (field) {
      String(field || "").replace(/<[^>]*>/g, " ").split(split).forEach(function (word) {
        if (!HAN_WORD.test(word)) return;
        counts.set(word, (counts.get(word) || 0) + 1);
        total += 1;
        longest = Math.max(longest, Array.from(word).length);
      });
    });
  });
  return { counts: counts, total: total, longest: longest };
}

// The most probable cut of a run of Han characters into index words (each
// word's probability is its share of the index); a character the index never
// has becomes a word of its own, less probable than any known word.
function cut(run, words) {
  var chars = Array.from(run), best = [0], from = [0];
  var unknown = Math.log(0.5 / Math.max(words.total, 1));
  for (var end = 1; end <= chars.length; end++) {
    best[end] = -Infinity;
    for (var start = Math.max(0, end - words.longest); start < end; start++) {
      var count = words.counts.get(chars.slice(start, end).join(""));
      var score = count ? Math.log(count / words.total) : end - start === 1 ? unknown : null;
      if (score !== null && best[start] + score > best[end]) {
        best[end] = best[start] + score;
        from[end] = start;
      }
    }
  }
  var pieces = [];
  for (var at = chars.length; at > 0; at = from[at]) pieces.unshift(chars.slice(from[at], at).join(""));
  return pieces;
}

// The query as Material's query syntax: a term with Han characters becomes its
// index words, all required (+), the last one a prefix (*). Other terms, and
// excluded (-) ones, are left to Material. Quoted words are required, as in Material.
function rewrite(query, words) {
  var terms = [];
  String(query).split('"').forEach(function (part, index) {
    var quoted = index % 2 === 1;
    part.split(/\s+/).forEach(function (term) {
      if (!term) return;
      var modifier = /^[+-]/.test(term) ? term[0] : "", body = term.slice(modifier.length);
      if (!HAN_RUN.test(body) || modifier === "-") {
        terms.push(quoted && !modifier ? "+" + term : term);
        return;
      }
      var pieces = [];
      body.split(HAN_RUN).forEach(function (text, k) {
        if (k % 2) pieces.push.apply(pieces, cut(text, words));
        else {
          text = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
          if (text) pieces.push(text);
        }
      });
      if (pieces.length === 1 && !modifier && !quoted) {
        terms.push(pieces[0]);  // one word: Material makes it a prefix itself
        return;
      }
      pieces.forEach(function (piece, k) {
        var prefix = k === pieces.length - 1 || !HAN_WORD.test(piece);
        terms.push("+" + piece + (prefix ? "*" : ""));
      });
    });
  });
  return terms.join(" ");
}

// Material's results: one list per page, the page first, then its sections, each
// with `terms` {word: found}. A document with no words gets those of its page's list.
function withTerms(items) {
  items.forEach(function (page) {
    var found = {};
    page.forEach(function (doc) {
      Object.keys(doc.terms).forEach(function (term) { if (doc.terms[term]) found[term] = true; });
    });
    page.forEach(function (doc) {
      if (!Object.keys(doc.terms).length) doc.terms = Object.assign({}, found);
    });
  });
  return items;
}

if (typeof module === "object" && module.exports) {
  module.exports = { vocabulary: vocabulary, cut: cut, rewrite: rewrite, withTerms: withTerms,
                     FULL_WIDTH_PUNCTUATION: FULL_WIDTH_PUNCTUATION };
} else {
  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var words = null;
  // Registered before Material's worker is loaded, so it sees each message first.
  addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP && message.data.config.lang.indexOf("zh") >= 0) {
      var config = message.data.config;
      config.separator = "(?:" + config.separator + ")|" + FULL_WIDTH_PUNCTUATION;
      words = vocabulary(message.data.docs, config.separator);
    } else if (message.type === QUERY && words) {
      message.data = rewrite(message.data, words);
    }
  });
  // Material's worker answers through the global postMessage, looked up when it answers.
  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT) withTerms(message.data.items);
    return post.apply(self, arguments);
  };
  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error("site-search: no Material worker named");
  importScripts(material);
  // Material's own cutter would cut our words again (dropping characters); it
  // asks the index `word in invertedIndex`, so an index that answers "no" to
  // that question (and only that) leaves every run of the query as it is.
  var build = self.lunr.Builder.prototype.build;
  self.lunr.Builder.prototype.build = function () {
    var index = build.call(this);
    if (words) index.invertedIndex = new Proxy(index.invertedIndex, { has: function () { return false; } });
    return index;
  };
}
