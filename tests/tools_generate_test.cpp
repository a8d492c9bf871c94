// Tests of the synthetic inventory generator (tools/generate/generate.cpp) and `generate`.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "app.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "generate/generate.hpp"

namespace ecrlc {
namespace {

std::string write(std::uint64_t images, std::uint64_t seed, GenerateFormat format,
                  std::uint64_t repositories = 0) {
  GenerateOptions options;
  options.images = images;
  options.seed = seed;
  options.format = format;
  options.repositories = repositories;
  std::ostringstream out;
  auto summary = write_inventory(options, out);
  EXPECT_TRUE(summary.has_value());
  if (summary) {
    EXPECT_EQ(summary->images, images);
    EXPECT_EQ(summary->bytes, out.str().size());
  }
  return out.str();
}

std::string hex_of(const Digest& digest) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string text;
  for (std::uint8_t byte : digest.bytes) {
    text += k_hex[byte >> 4];
    text += k_hex[byte & 15];
  }
  return text;
}

std::size_t count_of(const std::string& text, std::string_view needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// What a whole generated inventory looks like, gathered through the visitor API.
struct Census {
  std::uint64_t images = 0;
  std::uint64_t untagged = 0;
  std::uint64_t indexes = 0;
  std::uint64_t children = 0;
  std::uint64_t referrers = 0;
  std::uint64_t archived = 0;
  std::uint64_t restored = 0;
  std::uint64_t pulled = 0;
  std::uint64_t latest = 0;
  std::vector<std::string> order;  // repositories in output order
  std::map<std::string, std::set<std::string>> digests;
  std::map<std::string, std::set<std::string>> tags;
  std::map<std::string, std::vector<std::string>> references;  // children and subjects
  std::uint64_t duplicate_digests = 0;
  std::uint64_t duplicate_tags = 0;
  Micros earliest = std::numeric_limits<Micros>::max();
  Micros latest_push = std::numeric_limits<Micros>::min();
};

Census take_census(const GenerateOptions& options) {
  Census census;
  std::unordered_set<std::string> all_digests;
  auto summary = generate_images(
      options, [&](std::string_view repository, std::string_view registry, const ImageRecord& r) {
        EXPECT_EQ(registry, "123456789012");
        std::string name(repository);
        if (census.order.empty() || census.order.back() != name) {
          census.order.push_back(name);
        }
        ++census.images;
        census.untagged += r.tags.empty() ? 1 : 0;
        census.indexes += r.children.empty() ? 0 : 1;
        census.children += r.children.size();
        census.referrers += r.subject ? 1 : 0;
        census.archived += r.status == ImageStatus::archived ? 1 : 0;
        census.restored += r.last_activated ? 1 : 0;
        census.pulled += r.last_pulled ? 1 : 0;
        std::string digest = hex_of(r.digest);
        census.duplicate_digests += all_digests.insert(digest).second ? 0 : 1;
        census.digests[name].insert(digest);
        for (std::string_view tag : r.tags) {
          census.latest += tag == "latest" ? 1 : 0;
          census.duplicate_tags += census.tags[name].insert(std::string(tag)).second ? 0 : 1;
        }
        for (const Digest& child : r.children) {
          census.references[name].push_back(hex_of(child));
        }
        if (r.subject) {
          census.references[name].push_back(hex_of(*r.subject));
          EXPECT_FALSE(r.artifact_media_type.empty());
        }
        if (r.last_activated) {
          EXPECT_TRUE(r.last_archived.has_value());
          EXPECT_GT(*r.last_activated, *r.last_archived);
          EXPECT_EQ(r.status, ImageStatus::active);
        }
        if (r.status == ImageStatus::archived) {
          EXPECT_TRUE(r.last_archived.has_value());
        }
        if (r.last_pulled) {
          EXPECT_GE(*r.last_pulled, r.pushed_at);
          EXPECT_LE(*r.last_pulled, options.now);
        }
        census.earliest = std::min(census.earliest, r.pushed_at);
        census.latest_push = std::max(census.latest_push, r.pushed_at);
      });
  EXPECT_TRUE(summary.has_value());
  return census;
}

TEST(Generate, SameSeedSameBytesDifferentSeedDifferentBytes) {
  for (GenerateFormat format : {GenerateFormat::json, GenerateFormat::ndjson}) {
    const std::string first = write(3000, 7, format);
    EXPECT_EQ(first, write(3000, 7, format));
    EXPECT_NE(first, write(3000, 8, format));
  }
}

TEST(Generate, WritesExactlyTheRequestedNumberOfImages) {
  for (std::uint64_t images : {1, 2, 7, 999, 1000, 12'345}) {
    const std::string json = write(images, 3, GenerateFormat::json);
    EXPECT_EQ(count_of(json, "\"imageDigest\""), images) << images;
    const std::string ndjson = write(images, 3, GenerateFormat::ndjson);
    EXPECT_EQ(static_cast<std::uint64_t>(std::count(ndjson.begin(), ndjson.end(), '\n')), images);
    GenerateOptions options;
    options.images = images;
    options.seed = 3;
    EXPECT_EQ(take_census(options).images, images);
  }
  GenerateOptions every_repository_one_image;
  every_repository_one_image.images = 5;
  every_repository_one_image.repositories = 5;
  Census census = take_census(every_repository_one_image);
  EXPECT_EQ(census.images, 5u);
  EXPECT_EQ(census.order.size(), 5u);
  EXPECT_EQ(census.latest, 5u);  // the single image of each is its newest
}

TEST(Generate, EmptyInventory) {
  EXPECT_EQ(write(0, 1, GenerateFormat::json), "{\n    \"imageDetails\": []\n}\n");
  EXPECT_EQ(write(0, 1, GenerateFormat::ndjson), "");
}

TEST(Generate, JsonHasTheAwsCliV2Layout) {
  const std::string json = write(1, 1, GenerateFormat::json);
  EXPECT_EQ(json.rfind("{\n    \"imageDetails\": [\n        {\n            \"registryId\": "
                       "\"123456789012\",\n            \"repositoryName\": \"",
                       0),
            0u);
  EXPECT_NE(json.find(",\n            \"imageTags\": [\n                \""), std::string::npos);
  EXPECT_NE(json.find("\"\n            ],\n            \"imageSizeInBytes\": "), std::string::npos);
  const std::string tail = ",\n            \"imageStatus\": \"ACTIVE\"\n        }\n    ]\n}\n";
  ASSERT_GT(json.size(), tail.size());
  EXPECT_EQ(json.substr(json.size() - tail.size()), tail);
}

TEST(Generate, NdjsonAndJsonCarryTheSameRecords) {
  const std::string json = write(2500, 11, GenerateFormat::json);
  const std::string ndjson = write(2500, 11, GenerateFormat::ndjson);
  // Generated strings hold no blanks, so dropping layout whitespace leaves the records.
  std::string compact;
  std::copy_if(json.begin(), json.end(), std::back_inserter(compact),
               [](char c) { return c != ' ' && c != '\n'; });
  std::string joined = "{\"imageDetails\":[";
  std::istringstream lines(ndjson);
  bool first = true;
  for (std::string line; std::getline(lines, line);) {
    joined += first ? "" : ",";
    joined += line;
    first = false;
  }
  joined += "]}";
  EXPECT_EQ(compact, joined);
}

TEST(Generate, RealisticShares) {
  GenerateOptions options;
  options.images = 10'000;
  options.seed = 1;
  Census census = take_census(options);
  EXPECT_EQ(census.order.size(), 10u);
  const double untagged = static_cast<double>(census.untagged) / census.images;
  EXPECT_GT(untagged, 0.28);
  EXPECT_LT(untagged, 0.40);
  EXPECT_GT(census.indexes, 0u);
  EXPECT_GT(census.referrers, 0u);
  EXPECT_GT(census.archived, 0u);
  EXPECT_GT(census.restored, 0u);
  EXPECT_GT(census.pulled, census.images / 3);
  EXPECT_EQ(census.latest, 10u);  // one `latest` per repository
  EXPECT_EQ(census.duplicate_tags, 0u);
  // Pushed within the year before `now`.
  EXPECT_GE(census.earliest, options.now - 365 * k_micros_per_day);
  EXPECT_LT(census.latest_push, options.now);
  // Repositories come out one after the other, never interleaved.
  std::set<std::string> distinct(census.order.begin(), census.order.end());
  EXPECT_EQ(distinct.size(), census.order.size());
}

TEST(Generate, DigestsUniqueAndReferencesResolveInTheSameRepository) {
  GenerateOptions options;
  options.images = 20'000;
  options.repositories = 40;
  options.seed = 5;
  Census census = take_census(options);
  EXPECT_EQ(census.duplicate_digests, 0u);
  std::uint64_t checked = 0;
  for (const auto& [repository, references] : census.references) {
    for (const std::string& digest : references) {
      EXPECT_TRUE(census.digests[repository].count(digest)) << repository << " " << digest;
      ++checked;
    }
  }
  EXPECT_EQ(checked, census.children + census.referrers);
  EXPECT_GT(census.children, 2 * census.indexes - 1);
  EXPECT_LE(census.children, 3 * census.indexes);
}

TEST(Generate, RepositorySizesHaveALongTailWithinTheQuota) {
  GenerateOptions options;
  options.images = 10'000;
  auto sizes = repository_sizes(options);
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(*sizes,
            (std::vector<std::uint64_t>{3412, 1707, 1138, 854, 684, 569, 488, 427, 379, 342}));

  options.images = 1'000'000;
  sizes = repository_sizes(options);
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(sizes->size(), 1000u);
  EXPECT_EQ(std::accumulate(sizes->begin(), sizes->end(), std::uint64_t{0}), 1'000'000u);
  EXPECT_EQ(sizes->front(), k_ecr_max_images_per_repository);
  EXPECT_TRUE(std::is_sorted(sizes->rbegin(), sizes->rend()));
  EXPECT_GE(sizes->back(), 1u);

  options.images = 300'000;  // more than the quota allows in one repository
  options.repositories = 1;
  sizes = repository_sizes(options);
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(*sizes, std::vector<std::uint64_t>{300'000});

  options.images = 2;
  options.repositories = 3;
  sizes = repository_sizes(options);
  ASSERT_FALSE(sizes.has_value());
  EXPECT_EQ(sizes.error().message, "--repositories (3) must not exceed --images (2)");
}

TEST(Generate, TimestampsAreInCliV2Form) {
  GenerateOptions options;
  options.images = 3000;
  options.seed = 9;
  options.format = GenerateFormat::ndjson;
  std::ostringstream out;
  ASSERT_TRUE(write_inventory(options, out).has_value());
  const std::string text = out.str();
  std::uint64_t whole_seconds = 0;
  std::uint64_t checked = 0;
  for (std::string_view key : {"\"imagePushedAt\":\"", "\"lastRecordedPullTime\":\"",
                               "\"lastArchivedAt\":\"", "\"lastActivatedAt\":\""}) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      const auto start = at + key.size();
      const std::string value = text.substr(start, text.find('"', start) - start);
      auto parsed = parse_iso8601(value);
      ASSERT_TRUE(parsed.has_value()) << value;
      EXPECT_EQ(format_cli_v2(*parsed), value);
      whole_seconds += value.find('.') == std::string::npos ? 1 : 0;
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000u);
  EXPECT_GT(whole_seconds, 0u);  // the fraction is left out when zero
}

TEST(Generate, ReaderTakesTheOutputWithoutWarnings) {
  for (GenerateFormat format : {GenerateFormat::json, GenerateFormat::ndjson}) {
    const std::string text = write(5000, 13, format, 7);
    InventoryBuilder builder;
    auto added = builder.add("generated.json", text);
    ASSERT_TRUE(added.has_value()) << added.error().message;
    EXPECT_TRUE(builder.warnings().empty())
        << builder.warnings().size() << " warnings, first: " << builder.warnings()[0].message;
    Inventory inventory = builder.finish();
    EXPECT_EQ(inventory.repositories.size(), 7u);
    EXPECT_EQ(inventory.image_count(), 5000u);
  }
}

// One record as text, with its repository: what the orders must agree on.
struct Visited {
  std::vector<std::string> sequence;                              // "repository digest" in order
  std::map<std::string, std::vector<std::string>> by_repository;  // records in their order
};

Visited visit_all(const GenerateOptions& options) {
  Visited visited;
  auto summary = generate_images(
      options, [&](std::string_view repository, std::string_view, const ImageRecord& r) {
        // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about " " + std::string.
        std::string text = hex_of(r.digest);
        auto field = [&text](std::string_view value) {
          text += ' ';
          text += value;
        };
        for (std::string_view tag : r.tags) {
          field(tag);
        }
        field(std::to_string(r.pushed_at));
        field(std::to_string(r.size_bytes));
        field(r.last_pulled ? std::to_string(*r.last_pulled) : "-");
        field(r.subject ? hex_of(*r.subject) : "-");
        field(std::to_string(r.children.size()));
        visited.sequence.push_back(std::string(repository));
        visited.by_repository[std::string(repository)].push_back(text);
      });
  EXPECT_TRUE(summary.has_value());
  return visited;
}

std::size_t repository_switches(const std::vector<std::string>& sequence) {
  std::size_t switches = 0;
  for (std::size_t i = 1; i < sequence.size(); ++i) {
    switches += sequence[i] != sequence[i - 1] ? 1 : 0;
  }
  return switches;
}

TEST(Generate, EveryOrderGivesTheSameRecordsInAnotherSequence) {
  GenerateOptions options;
  options.images = 6000;
  options.repositories = 300;
  options.seed = 17;
  const Visited grouped = visit_all(options);
  EXPECT_EQ(repository_switches(grouped.sequence), 299u);
  options.order = GenerateOrder::interleaved;
  const Visited interleaved = visit_all(options);
  options.order = GenerateOrder::random;
  const Visited random = visit_all(options);
  // Each repository's records are the same, in the same (newest push first) order.
  EXPECT_EQ(interleaved.by_repository, grouped.by_repository);
  EXPECT_EQ(random.by_repository, grouped.by_repository);
  // Round robin: the first 300 records come from 300 different repositories.
  std::set<std::string> first_round(interleaved.sequence.begin(),
                                    interleaved.sequence.begin() + 300);
  EXPECT_EQ(first_round.size(), 300u);
  // Random: neighbours rarely share a repository (the largest holds about a sixth).
  EXPECT_GT(repository_switches(random.sequence), 4000u);
  EXPECT_NE(random.sequence, interleaved.sequence);

  // Deterministic for a seed, and the bytes differ from the grouped ones.
  for (GenerateOrder order : {GenerateOrder::interleaved, GenerateOrder::random}) {
    GenerateOptions text_options;
    text_options.images = 2000;
    text_options.repositories = 50;
    text_options.order = order;
    std::ostringstream first;
    std::ostringstream second;
    ASSERT_TRUE(write_inventory(text_options, first).has_value());
    ASSERT_TRUE(write_inventory(text_options, second).has_value());
    EXPECT_EQ(first.str(), second.str());
    EXPECT_NE(first.str(), write(2000, 1, GenerateFormat::json, 50));
  }
}

TEST(Generate, UniformSizesDifferByAtMostOne) {
  GenerateOptions options;
  options.images = 1'000'003;
  options.repositories = 74'000;
  options.sizes = GenerateSizes::uniform;
  auto sizes = repository_sizes(options);
  ASSERT_TRUE(sizes.has_value());
  ASSERT_EQ(sizes->size(), 74'000u);
  EXPECT_EQ(std::accumulate(sizes->begin(), sizes->end(), std::uint64_t{0}), 1'000'003u);
  auto [smallest, largest] = std::minmax_element(sizes->begin(), sizes->end());
  EXPECT_EQ(*smallest, 13u);
  EXPECT_EQ(*largest, 14u);
  // The default long tail with as many repositories: a few large, most of a handful.
  options.sizes = GenerateSizes::zipf;
  sizes = repository_sizes(options);
  ASSERT_TRUE(sizes.has_value());
  EXPECT_GT(sizes->front(), 50'000u);
  EXPECT_LE(sizes->back(), 2u);
}

TEST(Generate, TagAnomaliesAddATagOfANewerPushAndNothingElse) {
  GenerateOptions options;
  options.images = 20'000;
  options.repositories = 500;
  options.seed = 3;
  const Visited clean = visit_all(options);
  options.tag_anomaly_ppm = 30'000;  // 3%
  const Visited anomalous = visit_all(options);
  ASSERT_EQ(anomalous.by_repository.size(), clean.by_repository.size());
  std::size_t changed = 0;
  for (const auto& [repository, records] : clean.by_repository) {
    const std::vector<std::string>& other = anomalous.by_repository.at(repository);
    ASSERT_EQ(other.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (other[i] != records[i]) {
        ++changed;
        // The digest is the same, one tag is added after the image's own.
        EXPECT_EQ(other[i].substr(0, 64), records[i].substr(0, 64));
        EXPECT_GT(other[i].size(), records[i].size());
      }
    }
  }
  EXPECT_GT(changed, 20'000u * 25 / 1000);
  EXPECT_LT(changed, 20'000u * 35 / 1000);

  // The reader sees each as a tag on several images.
  options.format = GenerateFormat::ndjson;
  std::ostringstream out;
  ASSERT_TRUE(write_inventory(options, out).has_value());
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("anomalies.ndjson", out.str()).has_value());
  Inventory inventory = builder.finish();
  EXPECT_EQ(inventory.image_count(), 20'000u);
  ASSERT_GE(builder.warnings().size(), changed);
  for (const Error& warning : builder.warnings()) {
    EXPECT_NE(warning.message.find("\" is on several images; kept on "), std::string::npos)
        << warning.message;
  }
}

TEST(Generate, PercentagesParseToPartsPerMillion) {
  EXPECT_EQ(parse_percent_ppm("0").value(), 0u);
  EXPECT_EQ(parse_percent_ppm("2.7").value(), 27'000u);
  EXPECT_EQ(parse_percent_ppm("0.0001").value(), 1u);
  EXPECT_EQ(parse_percent_ppm("100").value(), 1'000'000u);
  for (std::string_view bad : {"", "-1", "1.", ".5", "100.0001", "2.71828", "1e2", "3%", "1000"}) {
    auto parsed = parse_percent_ppm(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().message,
              "expected a percentage from 0 to 100 with at most four decimals, got \"" +
                  std::string(bad) + "\"");
  }
}

TEST(GenerateCli, WritesNdjsonAndRejectsBadOptions) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "3", "--format", "ndjson"}, out,
                         err, in),
            0);
  EXPECT_EQ(out.str(), write(3, 1, GenerateFormat::ndjson));
  EXPECT_EQ(err.str(), "");

  std::ostringstream out2;
  std::ostringstream err2;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "2", "--repositories", "3"},
                         out2, err2, in),
            2);
  EXPECT_EQ(out2.str(), "");
  EXPECT_EQ(err2.str(),
            "ecr-lifecycle generate: error: --repositories (3) must not exceed --images (2)\n");

  std::ostringstream out3;
  std::ostringstream err3;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "2", "--format", "xml"}, out3,
                         err3, in),
            2);
  EXPECT_EQ(out3.str(), "");

  std::ostringstream out4;
  std::ostringstream err4;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "5", "--now", "2025-06-01"},
                         out4, err4, in),
            0);
  GenerateOptions options;
  options.images = 5;
  options.now = *parse_iso8601("2025-06-01T00:00:00Z");
  std::ostringstream expected;
  ASSERT_TRUE(write_inventory(options, expected).has_value());
  EXPECT_EQ(out4.str(), expected.str());

  std::ostringstream out5;
  std::ostringstream err5;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "5", "--tag-anomalies", "3%"},
                         out5, err5, in),
            2);
  EXPECT_EQ(out5.str(), "");
  EXPECT_EQ(err5.str(),
            "ecr-lifecycle generate: error: --tag-anomalies: expected a percentage from 0 to 100 "
            "with at most four decimals, got \"3%\"\n");

  std::ostringstream out6;
  std::ostringstream err6;
  EXPECT_EQ(cli::run_cli({"ecr-lifecycle", "generate", "--images", "40", "--repositories", "4",
                          "--order", "random", "--sizes", "uniform", "--tag-anomalies", "5"},
                         out6, err6, in),
            0);
  GenerateOptions shaped;
  shaped.images = 40;
  shaped.repositories = 4;
  shaped.order = GenerateOrder::random;
  shaped.sizes = GenerateSizes::uniform;
  shaped.tag_anomaly_ppm = 50'000;
  std::ostringstream shaped_expected;
  ASSERT_TRUE(write_inventory(shaped, shaped_expected).has_value());
  EXPECT_EQ(out6.str(), shaped_expected.str());
}

}  // namespace
}  // namespace ecrlc
