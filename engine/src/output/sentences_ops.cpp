// The sentence catalogue (sentences.hpp), its second half: the sentences of diffs, plans and
// protect files.
#include <algorithm>
#include <utility>

#include "base/text.hpp"
#include "ecrlc/time.hpp"
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

std::string describe_change(ChangeKind kind) {
  std::string text(to_json(kind));
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string outcome_label(const Outcome& outcome) {
  if (!outcome.has_policy) {
    return "no policy";
  }
  if (outcome.action == Action::none) {
    return "keep";
  }
  std::string text(outcome.action == Action::expire ? "expire" : "transition");
  text += outcome.referrer ? " (referrer, rule " : " (rule ";
  text += std::to_string(outcome.rule) + ")";
  return text;
}

std::string change_counts(const PolicyDiff& diff, bool bold) {
  std::string out;
  for (std::size_t k = 0; k < k_change_kinds; ++k) {
    const auto kind = static_cast<ChangeKind>(k);
    out += k == 0 ? "" : ", ";
    const std::string n = std::to_string(diff.counts[k]);
    out += bold ? "**" + n + "**" : n;
    out += " ";
    out += kind == ChangeKind::different_rule ? "with a different rule" : describe_change(kind);
    if (diff.counts[k] > 0 && kind != ChangeKind::different_rule) {
      out += " (" + format_bytes(diff.bytes[k]) + ")";
    }
  }
  return out;
}

namespace {

// "3 images (1.0 KiB)": a count of images and their bytes.
std::string images_and_bytes(std::uint64_t images, ByteTotal bytes) {
  return plural(images, "image", "images") + " (" + format_bytes(bytes) + ")";
}

}  // namespace

std::string diff_totals_sentence(const OutcomeTotals& totals) {
  return "expires " + images_and_bytes(totals.expiring, totals.expiring_bytes) + ", transitions " +
         images_and_bytes(totals.transitioning, totals.transitioning_bytes);
}

const std::string_view k_no_image_changes = "No image changes outcome.";

std::string diff_changes_sentence(const PolicyDiff& diff) {
  return plural(diff.changes.size(), "image", "images") + " change: " + change_counts(diff, false);
}

std::string images_change_outcome(std::size_t images) {
  return plural(images, "image", "images") + " change outcome";
}

std::string and_more(std::size_t rows) { return "and " + std::to_string(rows) + " more"; }

std::string plan_heading(Micros now) { return "Plan as of " + format_readable(now); }

std::string incomplete_snapshot_sentence(std::string_view gap) {
  std::string text = "Incomplete snapshot: ";
  text.append(gap);
  return text;
}

std::string held_reason(const Repository& repository, const HeldImage& held) {
  std::string reason = "ambiguous: ";
  if (held.ambiguous != held.image) {
    reason += "referrer " + repository.images[held.ambiguous].digest.short_string() + ": ";
  }
  return reason + repository.ambiguity_text(held.ambiguous);
}

std::string protection_relation(ProtectionKind kind, const Digest& via) {
  switch (kind) {
    case ProtectionKind::direct:
      return {};
    case ProtectionKind::child_of_index:
      return "child of protected index " + via.short_string();
    case ProtectionKind::referrer:
      return "referrer of protected " + via.short_string();
    case ProtectionKind::subject:
      return "subject of protected referrer " + via.short_string();
  }
  return {};
}

std::string protection_sentence(const Plan& plan, const Repository& repository,
                                const Protection& protection) {
  if (protection.kind != ProtectionKind::direct) {
    return protection_relation(protection.kind, repository.images[protection.via].digest);
  }
  if (plan.protect == nullptr) {
    return "protected";
  }
  const ProtectReference& reference = plan.protect->references[protection.reference];
  return detail::reference_location(plan, protection.reference) + " " + reference.text +
         (reference.source.empty() ? std::string() : " (" + reference.source + ")");
}

std::string plan_totals_sentence(std::uint64_t deletions, ByteTotal deletion_bytes,
                                 std::size_t delete_files, std::uint64_t transitions,
                                 ByteTotal transition_bytes) {
  return "Total: delete " + images_and_bytes(deletions, deletion_bytes) + " in " +
         plural(delete_files, "request file", "request files") + "; transition " +
         images_and_bytes(transitions, transition_bytes) + " in " +
         plural(transitions, "request file", "request files");
}

std::string referrers_removed_sentence(std::uint64_t referrers, ByteTotal bytes) {
  return "ECR also removes " + plural(referrers, "referrer", "referrers") + " (" +
         format_bytes(bytes) + ") of deleted images by itself";
}

std::string held_back_sentence(std::uint64_t images, ByteTotal bytes) {
  return "Held back, the snapshot disagrees with itself: " + images_and_bytes(images, bytes);
}

std::string protection_saved_sentence(std::uint64_t images, ByteTotal bytes) {
  return "Protection saved " + images_and_bytes(images, bytes);
}

namespace {

// "app 0123456789ab v1,v2: expire by rule 2": the head of a held or protected image.
std::string listed_image_head(const std::string& label, const ImageRecord& image, Action action,
                              std::int64_t rule) {
  return label + " " + image.digest.short_string() + " " + tags_or_untagged(image.tags, ",") +
         ": " + std::string(to_json(action)) + " by rule " + std::to_string(rule);
}

}  // namespace

std::string held_image_sentence(const std::string& label, const Repository& repository,
                                const HeldImage& held) {
  return listed_image_head(label, repository.images[held.image], held.action, held.rule) +
         ", held: " + held_reason(repository, held);
}

std::string saved_image_sentence(const std::string& label, const Plan& plan,
                                 const Repository& repository, const SavedImage& saved) {
  return listed_image_head(label, repository.images[saved.image], saved.action, saved.rule) +
         ", kept by " + protection_sentence(plan, repository, saved.protection);
}

std::string unmatched_reference_sentence(std::string_view location, std::string_view reference) {
  std::string text = "Protect reference matching no image: ";
  text.append(location);
  text.push_back(' ');
  text.append(reference);
  return text;
}

std::string foreign_references_sentence(std::size_t count) {
  return "Protect references naming another registry (ignored): " + std::to_string(count);
}

std::string not_planned_sentence(const std::vector<std::string>& names) {
  std::string text = "Repositories without a policy (not in the plan):";
  for (const std::string& name : names) {
    text += " " + name;
  }
  return text;
}

std::string protect_location(const ProtectList& list, std::size_t reference) {
  const ProtectReference& r = list.references[reference];
  std::string text = r.file < list.files.size() ? list.files[r.file] + ":" : std::string();
  return text + std::to_string(r.line) + ":" + std::to_string(r.column);
}

std::string protect_user(const ProtectList& list, std::size_t reference) {
  const ProtectReference& r = list.references[reference];
  return r.source.empty() ? protect_location(list, reference) + " " + r.text : r.source;
}

std::vector<std::string> protect_users(const ProtectList& list, const ImageProtection& protection) {
  std::vector<std::string> users;
  for (const std::size_t reference : protection.references) {
    std::string user = protect_user(list, reference);
    // A pod names its image twice (spec and status): one user.
    if (std::find(users.begin(), users.end(), user) == users.end()) {
      users.push_back(std::move(user));
    }
  }
  return users;
}

std::string describe_protection(const ProtectList& list, const Repository& repository,
                                const ImageProtection& protection) {
  constexpr std::size_t k_shown = 3;
  std::string text;
  const Protection& how = protection.protection;
  if (how.kind != ProtectionKind::direct) {
    text = protection_relation(how.kind, repository.images[how.via].digest) + ": ";
  }
  const std::vector<std::string> users = protect_users(list, protection);
  for (std::size_t u = 0; u < users.size() && u < k_shown; ++u) {
    text += (u == 0 ? "" : ", ") + users[u];
  }
  if (users.size() > k_shown) {
    text += ' ';
    text += and_more(users.size() - k_shown);
  }
  return text;
}

std::string describe_other_registries(const ProtectList& list) {
  if (list.other_registry == 0) {
    return {};
  }
  std::string text =
      plural(list.other_registry, "reference", "references") + " to other registries ignored (";
  for (std::size_t h = 0; h < list.other_registries.size(); ++h) {
    text += (h == 0 ? "" : ", ") + list.other_registries[h];
  }
  return text + ")";
}

std::string describe_pushed_after_now(std::size_t count, Micros now) {
  if (count == 0) {
    return {};
  }
  return plural(count, "image", "images") + " pushed after --now " + format_readable(now) +
         (count == 1 ? ": its age is negative, so no age rule selects it"
                     : ": their age is negative, so no age rule selects them");
}

std::string describe_protect_ignored(const ProtectList& list, const ResolvedProtection& resolved) {
  std::string text = describe_other_registries(list);
  if (!resolved.foreign.empty()) {
    text += text.empty() ? "" : "; ";
    text += plural(resolved.foreign.size(), "reference", "references") +
            " to ECR registries not in the inventory ignored";
  }
  return text;
}

std::string preview_in_use_heading(std::size_t images) {
  if (images == 0) {
    return "In use: none of the images the policy expires or archives (--protect)";
  }
  return "In use: " + plural(images, "image", "images") +
         " the policy expires or archives (--protect; a plan keeps them)";
}

std::string diff_in_use_heading(std::string_view new_name, std::size_t images) {
  std::string text = "In use and newly expiring or archiving under ";
  text.append(new_name);
  text.append(": ");
  text.append(plural(images, "image", "images"));
  return text;
}

std::string diff_in_use_markdown_heading(std::string_view new_name, std::size_t images) {
  std::string text = plural(images, "image", "images");
  text.append(" in use newly expire or archive under `");
  text.append(new_name);
  text.push_back('`');
  return text;
}

std::string in_use_markdown_sentence(const ProtectList& list, const InUseImage& image) {
  const ImageRecord& record = image.repository->images[image.image];
  std::string text = "`" + image.repository->name + "` `" + record.digest.short_string() + "` (";
  text.append(action_label(image.action));
  text.append(", rule " + std::to_string(image.rule) + "): ");
  text.append(describe_protection(list, *image.repository, image.protection));
  return text;
}

std::string explain_in_use_sentence(const ProtectList& list, const Repository& repository,
                                    const ImageProtection* protection, Action action) {
  if (protection == nullptr) {
    return "In use: no --protect file names it";
  }
  std::string text = "In use: " + describe_protection(list, repository, *protection);
  if (action != Action::none) {
    text.append(" (--protect: a plan keeps it)");
  }
  return text;
}

}  // namespace ecrlc
