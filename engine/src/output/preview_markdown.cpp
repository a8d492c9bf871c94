// `--format markdown`: the preview for a pull-request comment: the headline table (images,
// storage, monthly cost before and after), the images in use (--protect), per repository and
// per rule. GitHub takes comments of at most 65,536 characters: tables stop before that with
// a note of the rows left out.
#include <algorithm>

#include "base/text.hpp"
#include "output/preview_formats.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_comment_limit = 65536;
// Rows stop once the text passes this, leaving room for the notes and the tables after.
constexpr std::size_t k_row_budget = 56000;

// Table cell text: a '|' would end the cell, a newline the row, '<' start HTML.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

// These build their text by appending: GCC 12 warns falsely (-Wrestrict, bug 105329) on
// some chains of std::string's operator+.
std::string code(std::string_view text) {
  std::string out = "`";
  out += cell(text);
  out += '`';
  return out;
}

std::string count_change(std::uint64_t before, std::uint64_t after) {
  if (before == after) {
    return "0";
  }
  std::string out(after > before ? "+" : "-");
  out += std::to_string(after > before ? after - before : before - after);
  return out;
}

std::string bytes_change(ByteTotal before, ByteTotal after) {
  if (before == after) {
    return "0 B";
  }
  std::string out(after > before ? "+" : "-");
  out += format_bytes(distance(after, before));
  return out;
}

std::string usd_change(double before, double after) {
  const double change = after - before;
  std::string out(change > 0 ? "+" : "");
  out += format_usd(change);
  return out;
}

void append_headline(std::string& text, const Preview& preview,
                     const PreviewRenderOptions& options) {
  const RepositorySummary& totals = preview.totals;
  const CostFigures cost = cost_figures(preview, options.prices);
  const StorageBytes& b = cost.bytes;
  const std::uint64_t after = totals.images - totals.expiring - totals.referrers_removed;
  text += "| | Before | After | Change |\n|---|---:|---:|---:|\n";
  text += std::string("| Images | ") + std::to_string(totals.images) + " | " +
          std::to_string(after) + " | " + count_change(totals.images, after) + " |\n";
  text += std::string("| Storage | ") + format_bytes(b.before()) + " | " + format_bytes(b.after()) +
          " | " + bytes_change(b.before(), b.after()) + " (" +
          format_share(cost.bytes_freed(), b.before()) + " freed) |\n";
  text += std::string("| Standard storage | ") + format_bytes(b.standard_before) + " | " +
          format_bytes(b.standard_after) + " | " +
          bytes_change(b.standard_before, b.standard_after) + " |\n";
  text += std::string("| Archive storage | ") + format_bytes(b.archive_before) + " | " +
          format_bytes(b.archive_after) + " | " + bytes_change(b.archive_before, b.archive_after) +
          " |\n";
  text += std::string("| Monthly storage cost | ") + format_usd(cost.before()) + " | " +
          format_usd(cost.after()) + " | " + usd_change(cost.before(), cost.after()) + " |\n\n";
  text += std::string("Prices: ") + prices_phrase(options.prices) + ". " +
          std::string(k_upper_bound_note) + "\n\n";
}

void append_in_use(std::string& text, const PreviewRenderOptions& options) {
  const std::vector<InUseImage>& in_use = *options.in_use;
  text += std::string("> **") + preview_in_use_heading(in_use.size()) +
          (in_use.empty() ? "**\n\n" : ":**\n");
  std::size_t shown = 0;
  for (const InUseImage& image : in_use) {
    if (text.size() > k_row_budget / 2) {
      break;
    }
    text += std::string("> - ") + in_use_markdown_sentence(*options.protect, image) + "\n";
    ++shown;
  }
  if (shown < in_use.size()) {
    text += std::string("> - ") + and_more(in_use.size() - shown) +
            " (the html or json format lists them all)\n";
  }
  if (!in_use.empty()) {
    text += "\n";
  }
}

void append_repositories(std::string& text, const Preview& preview) {
  text += "#### Per repository\n\n| Repository |";
  text += preview.single_policy ? "" : " Policy |";
  text += " Images | Expire | Archive | Keep | Freed | To archive |\n|---|";
  text += preview.single_policy ? "" : "---|";
  text += "---:|---:|---:|---:|---:|---:|\n";
  const auto row = [&](const std::string& name, const std::string& policy,
                       const RepositorySummary& s) {
    text += std::string("| ") + name + " |" +
            (preview.single_policy ? "" : std::string(" ") + policy + " |") + " " +
            std::to_string(s.images) + " | " + std::to_string(s.expiring) + " | " +
            std::to_string(s.transitioning) + " | " + std::to_string(s.kept) + " | " +
            format_bytes(s.bytes_reclaimed + s.referrer_bytes) + " | " +
            format_bytes(s.bytes_transitioned) + " |\n";
  };
  std::size_t shown = 0;
  for (const RepositoryPreview& repository : preview.repositories) {
    if (text.size() > k_row_budget) {
      break;
    }
    row(code(repository_label(*repository.repository, preview.several_registries)),
        code(preview.policy_of(repository).source->file), repository.summary);
    ++shown;
  }
  row("**total**", "", preview.totals);
  if (shown < preview.repositories.size()) {
    text += std::string("\n") + and_more(preview.repositories.size() - shown) +
            " repositories not listed (comments are at most 65,536 characters; the total counts "
            "them, the html or json format lists them)\n";
  }
  if (!preview.without_policy.empty()) {
    text += std::string("\n") + cell(not_evaluated_sentence(preview.without_policy)) + "\n";
  }
  text += "\n";
}

void append_rules(std::string& text, const Preview& preview) {
  text += "#### Per rule\n\n|";
  text += preview.single_policy ? "" : " Policy |";
  text += " Rule | Action | Images | Bytes | Protected | Withdrawn | Description |\n|";
  text += preview.single_policy ? "" : "---|";
  text += "---:|---|---:|---:|---:|---:|---|\n";
  std::size_t rows = 0;
  std::size_t shown = 0;
  for (const PreviewPolicy& policy : preview.policies) {
    for (const RuleSummary& summary : policy.rules) {
      ++rows;
      if (text.size() > k_row_budget) {
        continue;
      }
      ++shown;
      const bool expire = summary.action == ActionType::expire;
      const Rule* rule = find_rule(policy.policy(), summary.priority);
      text += "|";
      if (!preview.single_policy) {
        text += " ";
        text += code(policy.source->file);
        text += " |";
      }
      for (const std::string& value :
           {std::to_string(summary.priority),
            std::string(action_label(expire ? Action::expire : Action::transition)),
            std::to_string(expire ? summary.expiring : summary.transitioning),
            format_bytes(expire ? summary.expiring_bytes : summary.transitioning_bytes),
            std::to_string(summary.protected_images), std::to_string(summary.withdrawn_children),
            rule != nullptr && rule->description ? cell(*rule->description) : std::string()}) {
        text += " ";
        text += value;
        text += " |";
      }
      text += "\n";
    }
  }
  if (shown < rows) {
    text += std::string("\n") + and_more(rows - shown) +
            " rules not listed (comments are at most 65,536 characters)\n";
  }
}

}  // namespace

void render_preview_markdown(OutputBuffer& buffer, const Preview& preview,
                             const PreviewRenderOptions& options) {
  std::string text = "### ecr-lifecycle preview\n\n";
  std::string evaluated = "Evaluated at ";
  append_table_time(evaluated, preview.now);
  text += evaluated + " UTC: " + plural(preview.repositories.size(), "repository", "repositories") +
          ", " + plural(preview.totals.images, "image", "images") + ".";
  if (preview.single_policy) {
    text += std::string(" Policy: ") + code(preview.policies.front().source->file) + ".";
  }
  if (!options.inventory_source.empty()) {
    text += std::string(" Images: ") + cell(options.inventory_source) + ".";
  }
  text += "\n\n";
  for (const std::string& gap : options.incomplete) {
    text += std::string("> ") + cell(incomplete_snapshot_sentence(gap)) + "\n";
  }
  if (!options.incomplete.empty()) {
    text += "\n";
  }
  if (options.in_use != nullptr) {
    append_in_use(text, options);
  }
  append_headline(text, preview, options);
  append_repositories(text, preview);
  append_rules(text, preview);
  if (text.size() > k_comment_limit) {  // only with enormous names: cut at a line, say so
    const std::string note = "\n(cut at 65,536 characters, the pull-request comment limit)\n";
    text.resize(text.rfind('\n', k_comment_limit - note.size()) + 1);
    text += note;
  }
  buffer.text() += text;
}

}  // namespace ecrlc::detail
