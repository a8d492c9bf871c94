// The html report page: escaping, the page's head (inline CSS, a content security policy
// that allows no fetch), sections, headline figures, the footer and the sorting script.
#include <array>

#include "output/html.hpp"

namespace ecrlc::detail {
namespace {

// Colours: text 15.8:1 on white, muted text 7.5:1; the series are dark enough for white
// text and distinct for the common colour-vision deficiencies (blue, orange-red, violet,
// grey, amber). Print keeps them (print-color-adjust) and drops the sorting buttons' look.
constexpr std::string_view k_css = R"css(
:root{--ink:#1b1f24;--muted:#4b5563;--line:#d0d7de;--panel:#f6f8fa;--red:#8b1a10}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.6em;margin:.2em 0}
h2{font-size:1.25em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05em;margin:1em 0 .3em}
.meta{color:var(--muted);margin:.15em 0}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(172px,1fr));gap:10px;margin:0}
.figure{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.figure dt{color:var(--muted);font-size:.85em}
.figure dd{margin:0;font-size:1.25em;font-weight:600}
.figure dd span{display:block;font-size:.62em;font-weight:400;color:var(--muted)}
.alert{border:2px solid var(--red);background:#fdecea;color:var(--red);padding:4px 12px 10px;border-radius:6px;margin-top:1em}
.alert h2{color:var(--red);border:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px;align-items:start}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
figure svg{width:100%;height:auto;display:block}
figcaption{font-weight:600;margin-bottom:4px}
.legend{font-size:.85em;color:var(--muted);margin:2px 0 4px}
.legend i{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em;vertical-align:-.05em}
.s-kept{fill:#1f5fbf;background:#1f5fbf}.s-expiring{fill:#c2410c;background:#c2410c}
.s-archiving{fill:#6d28d9;background:#6d28d9}.s-protected{fill:#6b7280;background:#6b7280}
.s-withdrawn{fill:#a16207;background:#a16207}.s-old{fill:#6b7280;background:#6b7280}
.s-new{fill:#c2410c;background:#c2410c}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1b1f24}
svg .axis{stroke:#8c959f;stroke-width:1}
.scroll{overflow-x:auto;margin:.3em 0 1em}
.scroll:focus-visible,th button:focus-visible{outline:3px solid #1f5fbf;outline-offset:1px}
table{border-collapse:collapse;width:100%;font-size:.9em}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
thead th{background:var(--panel);white-space:nowrap}
tfoot td{font-weight:600}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.in-use td{color:var(--red);background:#fdecea}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
.side{display:grid;grid-template-columns:1fr 1fr;gap:16px}
footer{margin-top:2em;color:var(--muted);font-size:.85em;border-top:1px solid var(--line)}
@media (max-width:640px){.side,.charts{grid-template-columns:1fr}body{font-size:14px}main{padding:8px}}
@media print{body{font-size:10pt}main{max-width:none;padding:0}.charts{display:block}figure,.figure,tr{break-inside:avoid}figure{margin-bottom:8px}.scroll{overflow:visible}}
)css";

// Sorting: each header of a sortable table becomes a button (keyboard-usable), sorting by
// data-v when a cell has one; the total row is in <tfoot> and stays put. Without the
// script the tables read the same, in the tool's order.
constexpr std::string_view k_script = R"js(
(function(){var A=Array.prototype;A.forEach.call(document.querySelectorAll("table.sortable"),function(t){var hs=t.tHead.rows[0].cells;A.forEach.call(hs,function(h,i){var b=document.createElement("button");b.type="button";b.textContent=h.textContent;h.textContent="";h.appendChild(b);b.addEventListener("click",function(){var up=h.getAttribute("aria-sort")!=="ascending";A.forEach.call(hs,function(o){o.removeAttribute("aria-sort")});h.setAttribute("aria-sort",up?"ascending":"descending");var n=h.classList.contains("n"),body=t.tBodies[0],rows=A.slice.call(body.rows);var key=function(r){var c=r.cells[i];var v=c.getAttribute("data-v");return v===null?c.textContent:v};rows.sort(function(a,b){var x=key(a),y=key(b),r=n?parseFloat(x)-parseFloat(y):x.localeCompare(y);return up?r:-r});rows.forEach(function(r){body.appendChild(r)})})})})})();
)js";

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text.substr(start, i - start));
    out.append(entity);
    start = i + 1;
  }
  out.append(text.substr(start));
}

std::string html_escaped(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

void begin_html_page(std::string& out, std::string_view title) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  append_html_escaped(out, title);
  out += "</title>\n<style>";
  out += k_css;
  out += "</style>\n</head>\n<body>\n<main>\n<h1>";
  append_html_escaped(out, title);
  out += "</h1>\n";
}

void end_html_page(std::string& out, const std::vector<std::string>& footer) {
  out += "<footer>\n";
  for (const std::string& line : footer) {
    append_paragraph(out, line);
  }
  out += "</footer>\n</main>\n<script>";
  out += k_script;
  out += "</script>\n</body>\n</html>\n";
}

void begin_section(std::string& out, std::string_view id, std::string_view heading,
                   std::string_view css_class) {
  out += "<section id=\"";
  append_html_escaped(out, id);
  out += "\" aria-labelledby=\"";
  append_html_escaped(out, id);
  out += "-h\"";
  if (!css_class.empty()) {
    out += " class=\"";
    append_html_escaped(out, css_class);
    out += "\"";
  }
  out += ">\n<h2 id=\"";
  append_html_escaped(out, id);
  out += "-h\">";
  append_html_escaped(out, heading);
  out += "</h2>\n";
}

void end_section(std::string& out) { out += "</section>\n"; }

void append_paragraph(std::string& out, std::string_view text, std::string_view css_class) {
  out += css_class.empty() ? "<p>" : "<p class=\"";
  if (!css_class.empty()) {
    append_html_escaped(out, css_class);
    out += "\">";
  }
  append_html_escaped(out, text);
  out += "</p>\n";
}

void append_figures(std::string& out, const std::vector<HtmlFigure>& figures) {
  out += "<dl class=\"figures\">\n";
  for (const HtmlFigure& figure : figures) {
    out += "<div class=\"figure\"><dt>";
    append_html_escaped(out, figure.label);
    out += "</dt><dd>";
    append_html_escaped(out, figure.value);
    if (!figure.detail.empty()) {
      out += "<span>";
      append_html_escaped(out, figure.detail);
      out += "</span>";
    }
    out += "</dd></div>\n";
  }
  out += "</dl>\n";
}

}  // namespace ecrlc::detail
