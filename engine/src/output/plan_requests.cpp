// The request files of a plan folder (AWS CLI --cli-input-json skeletons), their paths, and
// the list of every file of the folder.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/hex.hpp"
#include "base/json_writer.hpp"
#include "ecrlc/sha256.hpp"
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace {

using namespace detail::json_literals;

std::size_t number_width(std::size_t files) {
  std::size_t width = 1;
  for (std::size_t n = files; n >= 10; n /= 10) {
    ++width;
  }
  return std::max<std::size_t>(4, width);
}

std::string numbered(std::size_t number, std::size_t width) {
  std::string text = std::to_string(number);
  return std::string(width - std::min(width, text.size()), '0') + text;
}

// The request skeletons of `aws ecr ... --generate-cli-skeleton`, 4-space indented as the
// AWS CLI prints them; registryId only when known (the CLI then uses the caller's account).
void begin_request(detail::JsonWriter& json, const Repository& repository) {
  json.begin_object();
  if (!repository.registry_id.empty()) {
    json.member("registryId"_key, std::string_view(repository.registry_id));
  }
  json.member("repositoryName"_key, std::string_view(repository.name));
}

std::string delete_request(const Repository& repository, std::span<const std::uint32_t> images) {
  std::string out;
  detail::JsonWriter json(out);
  begin_request(json, repository);
  json.key("imageIds"_key).begin_array();
  for (const std::uint32_t image : images) {
    json.begin_object().member("imageDigest"_key, repository.images[image].digest.to_string());
    json.end_object();
  }
  json.end_array().end_object();
  out += '\n';
  return out;
}

std::string transition_request(const Repository& repository, std::uint32_t image) {
  std::string out;
  detail::JsonWriter json(out);
  begin_request(json, repository);
  json.key("imageId"_key).begin_object();
  json.member("imageDigest"_key, repository.images[image].digest.to_string()).end_object();
  json.member("targetStorageClass"_key, "ARCHIVE").end_object();
  out += '\n';
  return out;
}

}  // namespace

namespace detail {

namespace {

std::string request_folder(const Plan& plan, std::string_view kind, const Repository& repository) {
  std::string folder(kind);
  folder += '/';
  if (plan.several_registries) {
    // Repositories that name no registry are apart from every registry's.
    folder +=
        repository.registry_id.empty() ? std::string("no-registry-id") : repository.registry_id;
    folder += '/';
  }
  return folder + escape_repository(repository.name) + "/";
}

}  // namespace

std::string delete_path(const Plan& plan, const Repository& repository, std::size_t number,
                        std::size_t files) {
  return request_folder(plan, "delete", repository) + numbered(number, number_width(files)) +
         ".json";
}

std::string transition_path(const Plan& plan, const Repository& repository, std::size_t number,
                            std::size_t files) {
  return request_folder(plan, "transition", repository) + numbered(number, number_width(files)) +
         ".json";
}

std::size_t delete_file_count(const RepositoryPlan& plan) {
  return (plan.deletions.size() + k_batch_delete_limit - 1) / k_batch_delete_limit;
}

PlanTotals totals_of(const Plan& plan) {
  PlanTotals totals;
  for (const RepositoryPlan& r : plan.repositories) {
    totals.deletions += r.deletions.size();
    totals.deletion_bytes += r.deletion_bytes;
    totals.delete_files += delete_file_count(r);
    totals.transitions += r.transitions.size();
    totals.transition_bytes += r.transition_bytes;
    totals.saved += r.saved.size();
    totals.saved_bytes += r.saved_bytes;
    totals.held += r.held.size();
    totals.held_bytes += r.held_bytes;
    totals.referrers += r.referrers_removed.size();
    totals.referrer_bytes += r.referrer_bytes;
  }
  return totals;
}

std::string reference_location(const Plan& plan, std::size_t reference) {
  const ProtectReference& r = plan.protect->references[reference];
  if (r.file < plan.protect->files.size()) {  // merged from several --protect files
    return plan.protect->files[r.file] + ":" + std::to_string(r.line) + ":" +
           std::to_string(r.column);
  }
  return plan.protect_file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column);
}

}  // namespace detail

std::string escape_repository(std::string_view repository) {
  std::string out;
  for (const char c : repository) {
    if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  if (out.size() <= k_max_repository_folder) {
    return out;
  }
  // Too long for one path component (255 bytes on Linux and macOS): a prefix, never cut
  // inside a %2F, then '~' (which no repository name holds, so no plain name can collide)
  // and the FNV-1a 64 hash of the whole name.
  std::size_t cut = k_repository_folder_prefix;
  if (out[cut - 1] == '%') {
    cut -= 1;
  } else if (out[cut - 2] == '%') {
    cut -= 2;
  }
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : repository) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  out.resize(cut);
  out += '~';
  for (int shift = 60; shift >= 0; shift -= 4) {
    out += detail::k_lower_hex_digits[(hash >> shift) & 0xF];
  }
  return out;
}

// plan.json's parts: large enough that writing them costs few calls, small enough that the
// file is never whole in memory.
constexpr std::size_t k_plan_record_part_bytes = std::size_t{4} << 20;

Result<void> emit_plan_files(const Plan& plan,
                             const std::function<Result<void>(const PlanFile&)>& emit) {
  std::string checksums;
  // Each file's checksum line is taken before the file goes (a file in parts: over all of
  // them): checksums.sha256 comes last.
  Sha256 hash;
  auto hand_out = [&](const PlanFile& file) -> Result<void> {
    hash.update(file.content);
    if (!file.continues) {
      append_checksum_line(checksums, sha256_hex(hash.finish()), file.path);
      hash = Sha256();
    }
    return emit(file);
  };
  for (const RepositoryPlan& r : plan.repositories) {
    const std::size_t count = detail::delete_file_count(r);
    for (std::size_t f = 0; f < count; ++f) {
      const std::size_t begin = f * k_batch_delete_limit;
      const std::size_t size = std::min(k_batch_delete_limit, r.deletions.size() - begin);
      ECRLC_TRY(hand_out(
          {detail::delete_path(plan, *r.repository, f + 1, count),
           delete_request(*r.repository,
                          std::span<const std::uint32_t>(r.deletions).subspan(begin, size)),
           false}));
    }
    for (std::size_t f = 0; f < r.transitions.size(); ++f) {
      ECRLC_TRY(hand_out({detail::transition_path(plan, *r.repository, f + 1, r.transitions.size()),
                          transition_request(*r.repository, r.transitions[f]), false}));
    }
  }
  ECRLC_TRY(hand_out({"summary.json", detail::plan_summary_json(plan), false}));
  ECRLC_TRY(hand_out({"summary.txt", plan_summary_text(plan), false}));
  ECRLC_TRY(hand_out({"apply.sh", detail::apply_script(plan), true}));
  {
    // plan.json is the largest file (226 MB at 1M images): handed out in parts.
    Result<void> parts;
    PlanFile part{std::string(k_plan_record_file), {}, false, true};
    render_plan_record(make_plan_record(plan, plan.region), k_plan_record_part_bytes,
                       [&](std::string& text) {
                         if (parts) {
                           part.content.swap(text);
                           parts = hand_out(part);
                         }
                         text.clear();
                       });
    if (!parts) {
      return unexpected(parts.error());
    }
    part.content.clear();
    part.continues = false;
    ECRLC_TRY(hand_out(part));  // the end of the file
  }
  return emit({std::string(k_plan_checksums_file), checksums, false});
}

std::vector<PlanFile> plan_files(const Plan& plan) {
  std::vector<PlanFile> files;
  bool continued = false;  // the last file has more parts to come
  // Collecting cannot fail.
  (void)emit_plan_files(plan, [&](const PlanFile& file) -> Result<void> {
    if (continued) {
      files.back().content += file.content;
    } else {
      files.push_back(file);
    }
    files.back().continues = false;
    continued = file.continues;
    return {};
  });
  return files;
}

}  // namespace ecrlc
