// Protect files: parsing of image references and their resolution against an inventory.
#include "ecrlc/protect.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <utility>

#include "base/enum_names.hpp"
#include "base/text.hpp"
#include "ecrlc/limits.hpp"

namespace ecrlc {

std::string_view to_json(ProtectionKind kind) {
  static constexpr std::array<std::string_view, 4> k_names{"direct", "child_of_index", "referrer",
                                                           "subject"};
  return detail::enum_name(kind, k_names);
}

namespace {

constexpr std::string_view k_code = "E0801";
constexpr std::string_view k_unmatched_code = "W0801";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }
bool is_tag_char(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
}

// ECR's registry host forms (docs/operations.md): ACCOUNT + one of these + REGION + suffix.
struct RegistryHostForm {
  std::string_view infix;
  std::string_view suffix;
};
constexpr std::array<RegistryHostForm, 5> k_registry_hosts = {{
    {".dkr.ecr.", ".amazonaws.com"},
    {".dkr.ecr.", ".amazonaws.com.cn"},
    {".dkr.ecr-fips.", ".amazonaws.com"},
    {".dkr-ecr.", ".on.aws"},
    {".dkr-ecr-fips.", ".on.aws"},
}};

// True when the first segment of a reference names a registry rather than a repository:
// repository names may contain dots, but never these markers.
bool looks_like_registry_host(std::string_view segment) {
  return segment.find(".dkr.ecr") != std::string_view::npos ||
         segment.find(".dkr-ecr") != std::string_view::npos;
}

// An ECR registry host in any of its forms: returns ACCOUNT, or nullopt.
std::optional<std::string> registry_account(std::string_view host) {
  const std::size_t dot = host.find('.');
  if (dot != 12 || !std::all_of(host.begin(), host.begin() + 12, is_digit)) {
    return std::nullopt;
  }
  const std::string_view rest = host.substr(12);
  for (const RegistryHostForm& form : k_registry_hosts) {
    if (!rest.starts_with(form.infix) || !rest.ends_with(form.suffix) ||
        rest.size() <= form.infix.size() + form.suffix.size()) {
      continue;
    }
    const std::string_view region =
        rest.substr(form.infix.size(), rest.size() - form.infix.size() - form.suffix.size());
    if (std::all_of(region.begin(), region.end(),
                    [](char c) { return is_lower_alnum(c) || c == '-'; })) {
      return std::string(host.substr(0, 12));
    }
  }
  return std::nullopt;
}

// Container runtimes print image IDs with a scheme (`kubectl get pods`' imageID).
std::string_view without_runtime_scheme(std::string_view reference) {
  for (std::string_view scheme : {"docker-pullable://", "docker://"}) {
    if (reference.starts_with(scheme)) {
      return reference.substr(scheme.size());
    }
  }
  return reference;
}

class LineParser {
 public:
  LineParser(ProtectList& list, std::size_t line) : m_list(list), m_line(line) {}

  void error(std::size_t column, std::string message) {
    m_list.diagnostics.error(std::string(k_code), "", m_line, column, std::move(message));
  }

  // `reference` starts at 1-based column `column` of the line.
  void parse(std::string_view reference, std::size_t column) {
    for (std::size_t i = 0; i < reference.size(); ++i) {
      if (is_blank(reference[i])) {
        error(column + i, "unexpected blank inside an image reference");
        return;
      }
    }
    ProtectReference result;
    result.text = std::string(reference);
    result.line = m_line;
    result.column = column;
    std::string_view rest = without_runtime_scheme(reference);
    std::size_t rest_column = column + (reference.size() - rest.size());
    const std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos && looks_like_registry_host(rest.substr(0, slash))) {
      auto account = registry_account(rest.substr(0, slash));
      if (!account) {
        error(rest_column, "expected an ECR registry host ACCOUNT.dkr.ecr.REGION.amazonaws.com");
        return;
      }
      result.registry_id = std::move(*account);
      rest.remove_prefix(slash + 1);
      rest_column += slash + 1;
    }
    std::string_view name = rest;
    const std::size_t at = rest.find('@');
    if (at != std::string_view::npos) {
      name = rest.substr(0, at);
      const std::string_view digest_text = rest.substr(at + 1);
      result.digest = Digest::parse(digest_text);
      if (!result.digest) {
        error(rest_column + at + 1,
              "expected sha256: followed by 64 lower-case hex digits after '@'");
        return;
      }
    }
    const std::size_t colon = name.find(':');
    std::string_view repository = name.substr(0, colon);
    if (colon != std::string_view::npos) {
      const std::string_view tag = name.substr(colon + 1);
      const std::size_t tag_column = rest_column + colon + 1;
      if (tag.empty()) {
        error(tag_column, "expected a tag after ':'");
        return;
      }
      for (std::size_t i = 0; i < tag.size(); ++i) {
        if (!is_tag_char(tag[i])) {
          error(tag_column + i, "unexpected character '" + std::string(1, tag[i]) +
                                    "' in tag (expected A-Z, a-z, 0-9, _ . or -)");
          return;
        }
      }
      if (tag.size() > k_ecr_max_tag_length) {
        error(tag_column, "tag longer than 300 characters");
        return;
      }
      if (!result.digest) {
        result.tag = std::string(tag);
      }
    } else if (!result.digest) {
      error(rest_column + name.size(), "expected REPO:TAG, REPO@sha256:DIGEST or an ECR image URI");
      return;
    }
    if (!check_repository(repository, rest_column)) {
      return;
    }
    result.repository = std::string(repository);
    m_list.references.push_back(std::move(result));
  }

 private:
  // ECR repository names: lower-case components of [a-z0-9] separated by . _ - inside and /
  // between components.
  bool check_repository(std::string_view name, std::size_t column) {
    if (name.empty()) {
      error(column, "expected a repository name");
      return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      const bool separator = c == '.' || c == '_' || c == '-' || c == '/';
      if (!is_lower_alnum(c) && !separator) {
        error(column + i, "unexpected character '" + std::string(1, c) +
                              "' in repository name (expected a-z, 0-9, . _ - or /)");
        return false;
      }
      const bool at_edge = i == 0 || i + 1 == name.size() || name[i - 1] == '/';
      if (separator && (at_edge || name[i + 1] == '/')) {
        error(column + i, "repository name components start and end with a-z or 0-9");
        return false;
      }
    }
    return true;
  }

  ProtectList& m_list;
  std::size_t m_line;
};

// Spreads protection along index -> child, subject -> referrer and referrer -> subject edges.
void close_protection(const Repository& repository, RepositoryProtection& protection) {
  const auto& images = repository.images;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> referrers;  // (subject, referrer)
  for (std::uint32_t r = 0; r < images.size(); ++r) {
    if (images[r].subject) {
      if (const auto s = repository.find_image(*images[r].subject)) {
        referrers.emplace_back(*s, r);
      }
    }
  }
  std::sort(referrers.begin(), referrers.end());
  std::deque<std::uint32_t> work;
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    if (protection.protections[i]) {
      work.push_back(i);
    }
  }
  auto protect = [&](std::uint32_t image, ProtectionKind kind, std::uint32_t via) {
    if (!protection.protections[image]) {
      protection.protections[image] = Protection{kind, 0, via};
      ++protection.count;
      work.push_back(image);
    }
  };
  while (!work.empty()) {
    const std::uint32_t p = work.front();
    work.pop_front();
    for (const Digest& child : images[p].children) {
      if (const auto c = repository.find_image(child)) {
        protect(*c, ProtectionKind::child_of_index, p);
      }
    }
    auto it = std::lower_bound(referrers.begin(), referrers.end(),
                               std::pair<std::uint32_t, std::uint32_t>{p, 0});
    for (; it != referrers.end() && it->first == p; ++it) {
      protect(it->second, ProtectionKind::referrer, p);
    }
    if (images[p].subject) {
      if (const auto s = repository.find_image(*images[p].subject)) {
        protect(*s, ProtectionKind::subject, p);
      }
    }
  }
}

}  // namespace

ProtectList parse_protect_file(std::string_view text) {
  ProtectList list;
  detail::LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    const std::size_t line_number = lines.number();
    // Trailing comments need a blank before '#'; tags and names never hold '#' anyway.
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
        line = line.substr(0, i);
        break;
      }
    }
    std::size_t first = 0;
    while (first < line.size() && is_blank(line[first])) {
      ++first;
    }
    std::size_t last = line.size();
    while (last > first && is_blank(line[last - 1])) {
      --last;
    }
    if (first == last) {
      continue;
    }
    LineParser(list, line_number).parse(line.substr(first, last - first), first + 1);
  }
  return list;
}

ResolvedProtection resolve_protection(const ProtectList& list, const Inventory& inventory) {
  ResolvedProtection result;
  result.repositories.resize(inventory.repositories.size());
  for (std::size_t r = 0; r < inventory.repositories.size(); ++r) {
    result.repositories[r].protections.resize(inventory.repositories[r].images.size());
  }
  // A reference to another registry is about another snapshot: it can only be told when
  // every repository names its registry.
  const std::vector<std::string_view> registries = inventory.registries();
  const bool registries_known =
      !registries.empty() &&
      std::all_of(inventory.repositories.begin(), inventory.repositories.end(),
                  [](const Repository& r) { return !r.registry_id.empty(); });
  for (std::size_t k = 0; k < list.references.size(); ++k) {
    const ProtectReference& reference = list.references[k];
    if (!reference.registry_id.empty() && registries_known &&
        !std::binary_search(registries.begin(), registries.end(),
                            std::string_view(reference.registry_id))) {
      result.foreign.push_back(k);
      continue;
    }
    bool matched = false;
    for (const Repository& repository : inventory.find_all(reference.repository)) {
      if (!reference.registry_id.empty() && !repository.registry_id.empty() &&
          reference.registry_id != repository.registry_id) {
        continue;
      }
      std::vector<std::uint32_t> images;
      if (reference.digest) {
        if (const auto image = repository.find_image(*reference.digest)) {
          images.push_back(*image);
        }
      } else {
        images = repository.images_with_tag(*reference.tag);
      }
      auto& protection =
          result
              .repositories[static_cast<std::size_t>(&repository - inventory.repositories.data())];
      for (const std::uint32_t image : images) {
        matched = true;
        if (!protection.protections[image]) {
          protection.protections[image] = Protection{ProtectionKind::direct, k, 0};
          ++protection.count;
        }
      }
    }
    if (!matched) {
      result.unmatched.push_back(k);
      result.diagnostics.warning(std::string(k_unmatched_code), "", reference.line,
                                 reference.column,
                                 reference.text + " matches no image of the inventory");
    }
  }
  for (std::size_t r = 0; r < inventory.repositories.size(); ++r) {
    if (result.repositories[r].count > 0) {
      close_protection(inventory.repositories[r], result.repositories[r]);
    }
  }
  return result;
}

}  // namespace ecrlc
