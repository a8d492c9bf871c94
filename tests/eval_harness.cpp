// Differential-test harness: reads evaluation cases on stdin, prints the engine's verdicts.
//
// Input, whitespace-separated tokens, one record per line:
//   case NAME
//   now MICROS
//   rule PRIORITY TAGSTATUS STORAGECLASS COUNTTYPE COUNTNUMBER ACTION LISTKIND K ENTRY...
//        (LISTKIND: prefix | pattern | none; JSON spellings for the others)
//   image HEX64 STATUS PUSHED PULLED ARCHIVED ACTIVATED SUBJECTHEX64 NTAGS TAG... NCHILD HEX64...
//        (STATUS: ACTIVE | ARCHIVED | ACTIVATING; '-' for an absent time or subject;
//         images in ascending digest order)
//   end
// Output per case:
//   case NAME
//   v INDEX ACTION REASON RULE PROTECTOR RANK REFERENCE|- PARENT|-
//   c REFERRER SUBJECT RULE
//   end
// Exit status 2 with a message on stderr for malformed input.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"

namespace {

using namespace ecrlc;

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "eval_harness: " << message << "\n";
  std::exit(2);
}

std::string next(std::istringstream& in, const char* what) {
  std::string token;
  if (!(in >> token)) {
    fail(std::string("missing ") + what);
  }
  return token;
}

std::int64_t next_int(std::istringstream& in, const char* what) {
  const std::string token = next(in, what);
  try {
    std::size_t used = 0;
    const long long value = std::stoll(token, &used);
    if (used != token.size()) {
      fail(std::string("bad integer for ") + what + ": " + token);
    }
    return value;
  } catch (const std::exception&) {
    fail(std::string("bad integer for ") + what + ": " + token);
  }
}

std::optional<Micros> next_time(std::istringstream& in, const char* what) {
  std::string token = next(in, what);
  if (token == "-") {
    return std::nullopt;
  }
  std::istringstream again(token);
  return next_int(again, what);
}

Digest parse_hex_digest(const std::string& hex) {
  if (hex.size() != 64) {
    fail("digest must be 64 hex digits: " + hex);
  }
  Digest digest;
  for (std::size_t i = 0; i < 32; ++i) {
    unsigned value = 0;
    if (std::sscanf(hex.c_str() + 2 * i, "%2x", &value) != 1) {
      fail("bad hex digest: " + hex);
    }
    digest.bytes[i] = static_cast<std::uint8_t>(value);
  }
  return digest;
}

Rule parse_rule(std::istringstream& in) {
  Rule rule;
  rule.priority = next_int(in, "priority");
  const std::string tag_status = next(in, "tagStatus");
  rule.tag_status = tag_status == "tagged"     ? TagStatus::tagged
                    : tag_status == "untagged" ? TagStatus::untagged
                                               : TagStatus::any;
  rule.storage_class =
      next(in, "storageClass") == "archive" ? StorageClass::archive : StorageClass::standard;
  const std::string count_type = next(in, "countType");
  rule.count_type = count_type == "sinceImagePushed"         ? CountType::since_image_pushed
                    : count_type == "sinceImagePulled"       ? CountType::since_image_pulled
                    : count_type == "sinceImageTransitioned" ? CountType::since_image_transitioned
                                                             : CountType::image_count_more_than;
  rule.count_number = next_int(in, "countNumber");
  if (next(in, "action") == "transition") {
    rule.action = ActionType::transition;
    rule.target_storage_class = StorageClass::archive;
  }
  const std::string kind = next(in, "list kind");
  const std::int64_t k = next_int(in, "list size");
  for (std::int64_t e = 0; e < k; ++e) {
    (kind == "prefix" ? rule.tag_prefixes : rule.tag_patterns).push_back(next(in, "entry"));
  }
  return rule;
}

// Owns what the ImageRecord spans point to.
struct ImageStorage {
  std::vector<std::string> tags;
  std::vector<std::string_view> tag_views;
  std::vector<Digest> children;
};

ImageRecord parse_image(std::istringstream& in, ImageStorage& storage) {
  ImageRecord image;
  image.digest = parse_hex_digest(next(in, "digest"));
  const std::string status = next(in, "status");
  image.status = status == "ARCHIVED"     ? ImageStatus::archived
                 : status == "ACTIVATING" ? ImageStatus::activating
                                          : ImageStatus::active;
  image.pushed_at = *next_time(in, "pushed");
  image.last_pulled = next_time(in, "pulled");
  image.last_archived = next_time(in, "archived");
  image.last_activated = next_time(in, "activated");
  const std::string subject = next(in, "subject");
  if (subject != "-") {
    image.subject = parse_hex_digest(subject);
  }
  const std::int64_t tag_count = next_int(in, "tag count");
  for (std::int64_t t = 0; t < tag_count; ++t) {
    storage.tags.push_back(next(in, "tag"));
  }
  for (const std::string& tag : storage.tags) {
    storage.tag_views.emplace_back(tag);
  }
  const std::int64_t child_count = next_int(in, "child count");
  for (std::int64_t c = 0; c < child_count; ++c) {
    storage.children.push_back(parse_hex_digest(next(in, "child")));
  }
  image.tags = storage.tag_views;
  image.children = storage.children;
  return image;
}

void print_case(const std::string& name, const RepositoryEvaluation& evaluation) {
  std::cout << "case " << name << "\n";
  for (std::size_t i = 0; i < evaluation.verdicts.size(); ++i) {
    const ImageVerdict& v = evaluation.verdicts[i];
    std::cout << "v " << i << ' ' << to_json(v.action) << ' ' << to_json(v.reason) << ' ' << v.rule
              << ' ' << v.protector << ' ' << v.rank << ' ';
    if (v.reference_time) {
      std::cout << *v.reference_time;
    } else {
      std::cout << '-';
    }
    std::cout << ' ';
    if (v.parent) {
      std::cout << *v.parent;
    } else {
      std::cout << '-';
    }
    std::cout << "\n";
  }
  for (const ReferrerConsequence& c : evaluation.consequences) {
    std::cout << "c " << c.referrer << ' ' << c.subject << ' ' << c.rule << "\n";
  }
  std::cout << "end\n";
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string name;
  EvalContext context;
  LifecyclePolicy policy;
  Repository repository;
  std::deque<ImageStorage> storage;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string keyword;
    if (!(in >> keyword)) {
      continue;
    }
    if (keyword == "case") {
      name = next(in, "case name");
      context = {};
      policy = {};
      repository = {};
      storage.clear();
    } else if (keyword == "now") {
      context.now = next_int(in, "now");
    } else if (keyword == "rule") {
      policy.rules.push_back(parse_rule(in));
    } else if (keyword == "image") {
      storage.emplace_back();
      repository.images.push_back(parse_image(in, storage.back()));
      const auto& images = repository.images;
      if (images.size() > 1 && !(images[images.size() - 2].digest < images.back().digest)) {
        fail("images must be in strictly ascending digest order in case " + name);
      }
    } else if (keyword == "end") {
      // The parser sorts rules by priority; so does the harness.
      std::stable_sort(policy.rules.begin(), policy.rules.end(),
                       [](const Rule& a, const Rule& b) { return a.priority < b.priority; });
      print_case(name, evaluate_repository(policy, repository, context));
    } else {
      fail("unknown record: " + keyword);
    }
  }
  return 0;
}
