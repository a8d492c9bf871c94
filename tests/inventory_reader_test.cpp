// Tests for the inventory readers: every shape, field, error position, anomaly and hostile input.
#include "ecrlc/inventory_reader.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/evaluate.hpp"
#include "ecrlc/source_map.hpp"
#include "generate/generate.hpp"
#include "io/file_source.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;

const fs::path k_fixtures = fs::path(ECRLC_FIXTURES_DIR) / "inventories";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_text(const Error& e) {
  return e.file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message;
}

// Reads inputs into an inventory, or returns the first error as FILE:LINE:COLUMN: MESSAGE.
struct Read {
  Inventory inventory;
  std::vector<std::string> warnings;
  std::string error;
  std::string code;  // the error's code
};

Read read_all(const std::vector<std::pair<std::string, std::string>>& inputs,
              ReaderOptions options = {}) {
  InventoryBuilder builder(options);
  Read out;
  for (const auto& [name, text] : inputs) {
    Result<void> r = builder.add(name, text);
    if (!r) {
      out.error = error_text(r.error());
      out.code = r.error().code;
      return out;
    }
  }
  out.inventory = builder.finish();
  for (const Error& w : builder.warnings()) {
    out.warnings.push_back(error_text(w));
  }
  return out;
}

Read read_one(const std::string& text, ReaderOptions options = {}) {
  return read_all({{"in.json", text}}, options);
}

// The same input streamed through an FdSource, from a temporary file.
Read read_stream(const std::string& text, ReaderOptions options) {
  char name[] = "/tmp/ecrlc-inventory-XXXXXX";
  int fd = mkstemp(name);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(static_cast<ssize_t>(text.size()), write(fd, text.data(), text.size()));
  lseek(fd, 0, SEEK_SET);
  close(fd);
  Result<io::FdSource> source = io::FdSource::open(name);
  EXPECT_TRUE(source);
  InventoryBuilder builder(options);
  Read out;
  Result<void> r = builder.add("in.json", *source);
  unlink(name);
  if (!r) {
    out.error = error_text(r.error());
    out.code = r.error().code;
    return out;
  }
  out.inventory = builder.finish();
  for (const Error& w : builder.warnings()) {
    out.warnings.push_back(error_text(w));
  }
  return out;
}

std::string digest_of(int n) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "sha256:%064x", n);
  return buf;
}

std::string image_json(const std::string& repo, int n, const std::string& tags,
                       const std::string& pushed = "\"2025-01-01T00:00:00Z\"",
                       const std::string& extra = "") {
  return "{\"repositoryName\": \"" + repo + "\", \"imageDigest\": \"" + digest_of(n) +
         "\", \"imageTags\": [" + tags + "], \"imagePushedAt\": " + pushed + extra + "}";
}

// A compact, complete rendering of an inventory for whole-value comparisons.
std::string dump(const Inventory& inv) {
  std::string out;
  for (const Repository& r : inv.repositories) {
    out += r.name + " [" + r.registry_id + "]\n";
    for (const ImageRecord& i : r.images) {
      out += "  " + i.digest.short_string() + " " + format_utc(i.pushed_at) + " " +
             std::to_string(i.size_bytes) + " " + std::string(to_api(i.status)) + " tags=";
      for (std::string_view t : i.tags) {
        out += std::string(t) + ",";
      }
      if (i.last_pulled) {
        out += " pulled=" + format_utc(*i.last_pulled);
      }
      if (i.last_archived) {
        out += " archived=" + format_utc(*i.last_archived);
      }
      if (i.last_activated) {
        out += " activated=" + format_utc(*i.last_activated);
      }
      if (i.subject) {
        out += " subject=" + i.subject->short_string();
      }
      for (const Digest& c : i.children) {
        out += " child=" + c.short_string();
      }
      if (!i.manifest_media_type.empty()) {
        out += " manifest=" + std::string(i.manifest_media_type);
      }
      if (!i.artifact_media_type.empty()) {
        out += " artifact=" + std::string(i.artifact_media_type);
      }
      out += "\n";
    }
  }
  return out;
}

TEST(Digest, ParseAndFormat) {
  std::string text = "sha256:c4719afa76fa448b5eca99e6736885846501d17956f2fcb2de5c916d723f3a87";
  std::optional<Digest> d = Digest::parse(text);
  ASSERT_TRUE(d);
  EXPECT_EQ(text, d->to_string());
  EXPECT_EQ("c4719afa76fa", d->short_string());
  EXPECT_FALSE(
      Digest::parse("sha256:C4719AFA76FA448B5ECA99E6736885846501D17956F2FCB2DE5C916D723F3A87"));
  EXPECT_FALSE(Digest::parse(text.substr(0, text.size() - 1)));
  EXPECT_FALSE(Digest::parse("sha512:" + text.substr(7)));
  EXPECT_LT(*Digest::parse(digest_of(1)), *Digest::parse(digest_of(2)));
  EXPECT_LT(*Digest::parse(digest_of(0xff)), *Digest::parse(digest_of(0x100)));
}

TEST(Arena, StoresStableText) {
  Arena arena;
  std::string big(5 * 1024 * 1024, 'x');
  std::string_view a = arena.store("hello");
  std::string_view b = arena.store(big);
  std::string_view c = arena.store("world");
  EXPECT_EQ("hello", a);
  EXPECT_EQ(big, b);
  EXPECT_EQ("world", c);
  std::span<Digest> digests = arena.allocate_array<Digest>(3);
  EXPECT_EQ(Digest{}, digests[2]);
  Arena other;
  std::string_view d = other.store("moved");
  arena.absorb(std::move(other));
  EXPECT_EQ("moved", d);
  EXPECT_EQ(0u, other.bytes_reserved());
}

TEST(Shapes, CliV2DescribeImages) {
  Read r = read_one(read_text(k_fixtures / "cli-v2-describe-images.json"));
  ASSERT_EQ("", r.error);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(
      "api [123456789012]\n"
      "  f9811b73ac5d 2025-03-01T00:00:00Z 91000000 ACTIVE tags=prod-2025.03,\n"
      "web/frontend [123456789012]\n"
      "  036b5bbcb5de 2025-01-11T04:30:00Z 47000000 ACTIVE tags= "
      "manifest=application/vnd.docker.distribution.manifest.v2+json\n"
      "  1ae6fac6e0a6 2025-02-01T08:00:00Z 48100000 ACTIVE tags=v1.4.1, "
      "manifest=application/vnd.docker.distribution.manifest.v2+json "
      "artifact=application/vnd.docker.container.image.v1+json\n"
      "  c4719afa76fa 2025-03-15T15:47:53.153000Z 48213345 ACTIVE tags=v1.4.2,latest, "
      "pulled=2025-04-01T15:00:00Z manifest=application/vnd.docker.distribution.manifest.v2+json "
      "artifact=application/vnd.docker.container.image.v1+json\n",
      dump(r.inventory));
  ASSERT_NE(nullptr, r.inventory.find("api"));
  EXPECT_EQ(nullptr, r.inventory.find("ap"));
  EXPECT_EQ(4u, r.inventory.image_count());
}

TEST(Shapes, CliV1EpochNumbersAreExact) {
  Read r = read_one(read_text(k_fixtures / "cli-v1-epoch.json"));
  ASSERT_EQ("", r.error);
  const Repository* repo = r.inventory.find("batch/worker");
  ASSERT_NE(nullptr, repo);
  ASSERT_EQ(2u, repo->images.size());
  const ImageRecord* tagged = repo->images[0].is_tagged() ? &repo->images[0] : &repo->images[1];
  EXPECT_EQ(1565128275LL * k_micros_per_second, tagged->pushed_at);
  EXPECT_EQ(1565128999123456LL, tagged->last_pulled.value());
}

TEST(Shapes, ConcatenatedPagesMergeIdenticalDuplicatesSilently) {
  Read r = read_one(read_text(k_fixtures / "concatenated-pages.json"));
  ASSERT_EQ("", r.error);
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(1u, r.inventory.repositories.size());
  EXPECT_EQ(3u, r.inventory.repositories[0].images.size());
}

TEST(Shapes, ArrayAndNdjsonGiveTheSameInventory) {
  Read a = read_one(read_text(k_fixtures / "array.json"));
  Read n = read_one(read_text(k_fixtures / "images.ndjson"));
  ASSERT_EQ("", a.error);
  ASSERT_EQ("", n.error);
  EXPECT_EQ(dump(a.inventory), dump(n.inventory));
  EXPECT_EQ(2u, a.inventory.repositories.size());
  EXPECT_EQ("svc", a.inventory.repositories[0].name);
}

TEST(Shapes, MixedConcatenationWithoutWhitespace) {
  std::string text = "{\"imageDetails\":[" + image_json("a", 1, "\"x\"") + "]}" +
                     image_json("a", 2, "") + "[" + image_json("b", 3, "") + "]";
  Read r = read_one(text);
  ASSERT_EQ("", r.error);
  EXPECT_EQ(3u, r.inventory.image_count());
}

TEST(Shapes, EmptyInputsHaveNoImages) {
  for (const char* text : {"", "  \n", "[]", "{\"imageDetails\": []}", "\xEF\xBB\xBF"}) {
    Read r = read_one(text);
    EXPECT_EQ("", r.error) << text;
    EXPECT_EQ(0u, r.inventory.image_count());
  }
}

TEST(Fields, IndexChildrenReferrersAndArchive) {
  Read r = read_all({{"multi.json", read_text(k_fixtures / "multi-arch-index.json")},
                     {"ref.json", read_text(k_fixtures / "referrers.json")},
                     {"arc.json", read_text(k_fixtures / "archive-classes.json")}});
  ASSERT_EQ("", r.error);
  EXPECT_EQ(
      "archive []\n"
      "  58cc50e8dc69 2024-01-03T00:00:00Z 300 ACTIVATING tags= archived=2024-06-01T00:00:00Z\n"
      "  6ec33e0b07c7 2024-01-02T00:00:00Z 200 ACTIVE tags=restored, "
      "archived=2024-06-01T00:00:00Z activated=2025-02-01T00:00:00Z\n"
      "  aa4daa5c4088 2024-01-01T00:00:00Z 100 ARCHIVED tags=old, archived=2024-06-01T00:00:00Z\n",
      dump(r.inventory).substr(0, dump(r.inventory).find("multi [")));
  const Repository* multi = r.inventory.find("multi");
  ASSERT_NE(nullptr, multi);
  int indexes = 0;
  for (const ImageRecord& i : multi->images) {
    if (!i.children.empty()) {
      ++indexes;
      EXPECT_EQ(2u, i.children.size());
      EXPECT_EQ("application/vnd.oci.image.index.v1+json", i.manifest_media_type);
    }
  }
  EXPECT_EQ(1, indexes);
  const Repository* signed_repo = r.inventory.find("signed");
  ASSERT_NE(nullptr, signed_repo);
  int referrers = 0;
  for (const ImageRecord& i : signed_repo->images) {
    referrers += i.subject.has_value() ? 1 : 0;
  }
  EXPECT_EQ(2, referrers);
  const Repository* archive = r.inventory.find("archive");
  ASSERT_NE(nullptr, archive);
  EXPECT_EQ(Micros{1738368000LL * k_micros_per_second}, archive->images[1].ordering_time());
  EXPECT_EQ(Micros{1704153600LL * k_micros_per_second}, archive->images[1].pushed_at);
}

TEST(Fields, UnknownFieldsAndNullOptionalsAreSkipped) {
  std::string extra =
      ", \"imageScanStatus\": {\"status\": \"}]\\\"{[\"}, \"imageScanFindingsSummary\": "
      "{\"findingSeverityCounts\": {\"HIGH\": 1e400}, \"x\": [[[{}]]]}, \"registryId\": null, "
      "\"lastRecordedPullTime\": null, \"imageSizeInBytes\": -0, \"imageStatus\": null, "
      "\"artifactMediaType\": null, \"subjectManifestDigest\": null, \"childImageDigests\": null";
  Read r = read_one("[" + image_json("a", 1, "\"x\"", "\"2025-01-01T00:00:00Z\"", extra) + "]");
  ASSERT_EQ("", r.error);
  EXPECT_EQ("a []\n  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=x,\n", dump(r.inventory));
}

TEST(Fields, EscapedStringsAreUnescaped) {
  Read r = read_one(
      "{\"repositoryName\": \"a\\/b\", \"imageDigest\": \"" + digest_of(7) +
      "\", \"imageTags\": [\"v\\u0031\"], \"imagePushedAt\": \"2025-01-01T00:00:00\\u005a\"}");
  ASSERT_EQ("", r.error);
  EXPECT_EQ("a/b []\n  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=v1,\n", dump(r.inventory));
}

struct InvalidCase {
  std::string name;
};

std::vector<InvalidCase> invalid_cases() {
  std::vector<InvalidCase> cases;
  for (const auto& entry : fs::directory_iterator(k_fixtures / "invalid")) {
    if (entry.path().extension() != ".expected") {
      cases.push_back({entry.path().filename().string()});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

class InvalidFixture : public testing::TestWithParam<InvalidCase> {};

// Each invalid/NAME has NAME.expected holding `NAME:LINE:COLUMN: MESSAGE [CODE]`. Both readers
// (whole text and stream, with tiny chunks to cross every boundary) must report exactly that,
// and every error has a code of docs/diagnostics.md.
TEST_P(InvalidFixture, ReportsExactError) {
  const std::string& name = GetParam().name;
  std::string text = read_text(k_fixtures / "invalid" / name);
  fs::path expected_path = k_fixtures / "invalid" / (name + ".expected");
  Read whole = read_all({{name, text}});
  const std::string reported = whole.error + " [" + whole.code + "]\n";
  if (std::getenv("ECRLC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path) << reported;
  }
  std::string expected = read_text(expected_path);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_path;
  EXPECT_EQ(expected, reported);
  EXPECT_FALSE(describe_code(whole.code).empty()) << whole.code;
  Read streamed = read_stream(text, ReaderOptions{1, 4096, 4096, SIZE_MAX, {}});
  ASSERT_TRUE(streamed.error.starts_with("in.json:")) << streamed.error;
  EXPECT_EQ(expected, name + streamed.error.substr(7) + " [" + streamed.code + "]\n");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixture, testing::ValuesIn(invalid_cases()),
                         [](const auto& i) {
                           std::string n = i.param.name;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) {
                               c = '_';
                             }
                           }
                           return n;
                         });

TEST(Errors, PositionsInsideNdjsonLines) {
  std::string text = image_json("a", 1, "") + "\n\n" + image_json("a", 2, "\"ok\", 5") + "\n";
  Read r = read_one(text);
  EXPECT_EQ("in.json:3:135: imageTags[1]: expected a string, got a number", r.error);
}

TEST(Errors, TagsPastEcrQuotasAreRefused) {
  // 300 characters is ECR's limit: exactly 300 is read, 301 is refused with the position.
  Read ok = read_one(image_json("a", 1, "\"" + std::string(300, 'v') + "\""));
  EXPECT_EQ("", ok.error);
  Read long_tag = read_one(image_json("a", 1, "\"ok\", \"" + std::string(301, 'v') + "\""));
  EXPECT_EQ(
      "in.json:1:135: imageTags[1]: expected a tag of at most 300 characters (ECR's limit), "
      "got 301",
      long_tag.error);
  std::string tags;
  for (int i = 0; i <= 1000; ++i) {
    tags += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
  }
  Read many = read_one(image_json("a", 1, tags));
  EXPECT_EQ(
      "in.json:1:128: imageTags: expected at most 1000 tags per image (ECR's limit), got more",
      many.error);
}

TEST(Errors, RecordsOfAFailedInputAreDiscarded) {
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("good.json", "[" + image_json("a", 1, "\"x\"") + "]"));
  Result<void> bad =
      builder.add("bad.json", "[" + image_json("a", 2, "") + "," + image_json("b", 3, "3") + "]");
  ASSERT_FALSE(bad);
  EXPECT_EQ("bad.json", bad.error().file);
  Inventory inv = builder.finish();
  EXPECT_EQ("a []\n  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=x,\n", dump(inv));
}

// A failed input of many repositories and records (several chunks of every stream the
// records are kept in) leaves exactly what the inputs before it gave, in read order.
TEST(Errors, AFailedLargeInputLeavesTheEarlierRecordsAlone) {
  auto records = [](int first, int count) {
    std::string text;
    for (int i = first; i < first + count; ++i) {
      text += image_json("r" + std::to_string(i % 97), i, "\"t" + std::to_string(i) + "\"") + "\n";
    }
    return text;
  };
  const std::string good = records(0, 3000);
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("good.json", good));
  ASSERT_FALSE(builder.add("bad.json", records(3000, 40000) + "{\"repositoryName\": 1}\n"));
  ASSERT_TRUE(builder.add("more.json", records(3000, 10)));
  Inventory after_failure = builder.finish();
  Read expected = read_all({{"good.json", good}, {"more.json", records(3000, 10)}});
  ASSERT_EQ("", expected.error);
  EXPECT_EQ(3010u, after_failure.image_count());
  EXPECT_EQ(dump(expected.inventory), dump(after_failure));
}

TEST(Anomalies, TagOnTwoImagesStaysOnTheNewest) {
  std::string text = "[" + image_json("a", 1, "\"latest\", \"v1\"", "\"2025-01-01T00:00:00Z\"") +
                     ",\n" + image_json("a", 2, "\"latest\", \"v2\"", "\"2025-02-01T00:00:00Z\"") +
                     ",\n" + image_json("b", 3, "\"latest\"") + "]";
  Read r = read_one(text);
  ASSERT_EQ("", r.error);
  EXPECT_EQ(
      "a []\n"
      "  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=v1,\n"
      "  000000000000 2025-02-01T00:00:00Z 0 ACTIVE tags=latest,v2,\n"
      "b []\n"
      "  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=latest,\n",
      dump(r.inventory));
  ASSERT_EQ(1u, r.warnings.size());
  EXPECT_EQ("in.json:1:2: repository \"a\": tag \"latest\" is on several images; kept on " +
                digest_of(2) + " (pushed last), removed from " + digest_of(1),
            r.warnings[0]);
}

TEST(Anomalies, TagTieGoesToTheSmallerDigest) {
  std::string text = image_json("a", 9, "\"t\"") + "\n" + image_json("a", 4, "\"t\"") + "\n";
  Read r = read_one(text);
  ASSERT_EQ(1u, r.warnings.size());
  EXPECT_EQ("in.json:1:1: repository \"a\": tag \"t\" is on several images; kept on " +
                digest_of(4) + " (pushed last), removed from " + digest_of(9),
            r.warnings[0]);
  EXPECT_TRUE(r.inventory.repositories[0].images[0].is_tagged());
  EXPECT_FALSE(r.inventory.repositories[0].images[1].is_tagged());
}

TEST(Anomalies, SameDigestWithDifferentDataKeepsTheLastRead) {
  Read r = read_all({{"one.json", image_json("a", 1, "\"old\"")},
                     {"two.json", "\n" + image_json("a", 1, "\"new\"")}});
  ASSERT_EQ("", r.error);
  EXPECT_EQ("a []\n  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=new,\n", dump(r.inventory));
  ASSERT_EQ(1u, r.warnings.size());
  EXPECT_EQ("two.json:2:1: repository \"a\": image " + digest_of(1) +
                " is listed again with different data (also at one.json:1:1); the record read "
                "last is kept",
            r.warnings[0]);
}

TEST(Anomalies, SameDigestInTwoRepositoriesIsNoAnomaly) {
  Read r = read_one(image_json("a", 1, "\"x\"") + image_json("b", 1, "\"x\""));
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(2u, r.inventory.image_count());
}

TEST(Hostile, DeepNesting) {
  std::string text(100000, '[');
  Read r = read_one(text);
  EXPECT_EQ("in.json:1:1026: nesting deeper than 1024 levels", r.error);
  std::string inside = "{\"imageDetails\": [" + std::string(100000, '[');
  EXPECT_EQ("in.json:1:1043: nesting deeper than 1024 levels", read_one(inside).error);
}

TEST(Hostile, FiveMegabyteTagIsRefusedWholeAndStreamed) {
  std::string tag(5 * 1024 * 1024, 't');
  // The element limit refuses it before the tag is parsed (or, streamed, read to its end).
  const std::string expected =
      "in.json:1:2: expected an image of at most 1 MiB (1048576 bytes), got a larger one";
  EXPECT_EQ(expected, read_one("[" + image_json("a", 1, "\"" + tag + "\"") + "]").error);
  Read s =
      read_stream("[" + image_json("a", 1, "\"" + tag + "\"") + "]", {1, 4096, 4096, SIZE_MAX, {}});
  EXPECT_EQ(expected, s.error);
}

TEST(Hostile, InvalidUtf8AndNulBytes) {
  std::string bad = "[" + image_json("a", 1, "\"v\xFF\"") + "]";
  EXPECT_EQ("in.json:1:132: expected UTF-8 text, got byte 0xFF", read_one(bad).error);
  std::string nul_in_string = "[" + image_json("a", 1, std::string("\"v\0\"", 4)) + "]";
  EXPECT_EQ("in.json:1:132: expected an escaped control character in a string, got byte 0x00",
            read_one(nul_in_string).error);
  std::string nul_outside = std::string("\0", 1) + image_json("a", 1, "");
  EXPECT_EQ(
      "in.json:1:1: expected an imageDetail object, a describe-images document or a JSON "
      "array, got byte 0x00",
      read_one(nul_outside).error);
}

TEST(Hostile, ByteOrderMarkIsSkipped) {
  Read r = read_one("\xEF\xBB\xBF[" + image_json("a", 1, "") + "]");
  ASSERT_EQ("", r.error);
  EXPECT_EQ(1u, r.inventory.image_count());
  // Columns count bytes after the mark: the '[' is column 1.
  EXPECT_EQ("in.json:1:2: expected an image (a JSON object), got a number",
            read_one("\xEF\xBB\xBF[1]").error);
}

TEST(Hostile, NumbersAsSizes) {
  auto size_error = [](const std::string& number) {
    Read r = read_one(image_json("a", 1, "", "1", ", \"imageSizeInBytes\": " + number));
    return r.error.empty() ? std::to_string(r.inventory.repositories[0].images[0].size_bytes)
                           : r.error.substr(r.error.find("imageSize"));
  };
  EXPECT_EQ("imageSizeInBytes: expected a whole number of bytes, got 1e400", size_error("1e400"));
  EXPECT_EQ("0", size_error("-0"));
  EXPECT_EQ(
      "imageSizeInBytes: expected at most 9223372036854775807 bytes, got "
      "18446744073709551617",
      size_error("18446744073709551617"));
  EXPECT_EQ("9223372036854775807", size_error("9223372036854775807"));
  EXPECT_EQ("imageSizeInBytes: expected a whole number of bytes, got 1.5", size_error("1.5"));
  EXPECT_EQ("imageSizeInBytes: expected a whole number of bytes, got a string",
            size_error("\"12\""));
}

// A synthetic inventory of n images over `repos` repositories, in the given shape.
std::string synthetic(int n, int repos, bool ndjson) {
  std::string out = ndjson ? "" : "{\"imageDetails\": [\n";
  for (int i = 0; i < n; ++i) {
    if (!ndjson && i > 0) {
      out += ",\n";
    }
    out += image_json("repo-" + std::to_string(i % repos), i,
                      "\"v" + std::to_string(i) + "\"" + (i % 3 == 0 ? ", \"stable\"" : ""),
                      "\"2025-01-01T00:00:" + std::to_string(10 + i % 50) + "Z\"",
                      ", \"imageSizeInBytes\": " + std::to_string(i * 1000) +
                          ", \"imageScanStatus\": {\"status\": \"COMPLETE\"}");
    if (ndjson) {
      out += "\n";
    }
  }
  return ndjson ? out : out + "\n]}\n";
}

TEST(Scale, ManyImagesIdenticallyAcrossReaders) {
  std::string doc = synthetic(100000, 7, false);
  Read whole = read_one(doc);
  ASSERT_EQ("", whole.error);
  EXPECT_EQ(100000u, whole.inventory.image_count());
  Read threaded = read_one(doc, ReaderOptions{3, 64 * 1024, 4096, SIZE_MAX, {}});
  Read streamed = read_stream(doc, ReaderOptions{2, 64 * 1024, 1 << 20, SIZE_MAX, {}});
  ASSERT_EQ("", threaded.error);
  ASSERT_EQ("", streamed.error);
  std::string expected = dump(whole.inventory);
  EXPECT_EQ(expected, dump(threaded.inventory));
  EXPECT_EQ(expected, dump(streamed.inventory));
  EXPECT_EQ(whole.warnings, threaded.warnings);
  EXPECT_EQ(whole.warnings.size(), streamed.warnings.size());
  // "stable" is on every third image of each repository; all but the newest lose it.
  EXPECT_EQ(100000u / 3 + 1 - 7, whole.warnings.size());
}

TEST(Scale, NdjsonStreamWithTinyChunks) {
  std::string doc = synthetic(5000, 3, true);
  Read whole = read_one(doc);
  Read streamed = read_stream(doc, ReaderOptions{1, 4096, 4096, SIZE_MAX, {}});
  ASSERT_EQ("", whole.error);
  ASSERT_EQ("", streamed.error);
  EXPECT_EQ(dump(whole.inventory), dump(streamed.inventory));
  EXPECT_EQ(whole.warnings, streamed.warnings);
}

// A source whose first read fails, as a disk error would.
class FailingSource final : public ByteSource {
 public:
  Result<std::size_t> read(std::span<char>) override {
    return unexpected("cannot read: Input/output error");
  }
};

TEST(Stream, ReadErrorNamesTheFile) {
  FailingSource failing;
  InventoryBuilder builder;
  Result<void> r = builder.add("gone.json", failing);
  ASSERT_FALSE(r);
  EXPECT_EQ("gone.json: cannot read: Input/output error", r.error().message);
  EXPECT_EQ("gone.json", r.error().file);
  EXPECT_FALSE(r.error().source);
}

// The source line of an error, read in place, streamed from a file in small chunks, and fed
// a byte at a time: always the excerpt of the whole line, so nothing needs to read it again.
std::optional<SourceExcerpt> excerpt_of(const Result<void>& r) {
  return r ? std::nullopt : r.error().source;
}

void expect_same_excerpt_every_way(const std::string& text, std::size_t line) {
  SCOPED_TRACE(text.substr(0, 80));
  InventoryBuilder whole;
  Result<void> in_place = whole.add("in.json", std::string_view(text));
  ASSERT_FALSE(in_place);
  ASSERT_TRUE(in_place.error().source);
  EXPECT_EQ(line, in_place.error().line);
  EXPECT_EQ(excerpt_line(SourceMap::line_text(text, line), in_place.error().column),
            *in_place.error().source);

  InventoryBuilder trickled(ReaderOptions{1, 4096, 4096, SIZE_MAX, {}});
  StringSource bytes(text, 1);
  Result<void> by_byte = trickled.add("in.json", bytes);
  EXPECT_EQ(excerpt_of(in_place), excerpt_of(by_byte));
  EXPECT_EQ(in_place.error().message, by_byte.error().message);

  char name[] = "/tmp/ecrlc-excerpt-XXXXXX";
  int fd = mkstemp(name);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(static_cast<ssize_t>(text.size()), write(fd, text.data(), text.size()));
  close(fd);
  Result<io::FdSource> file = io::FdSource::open(name);
  ASSERT_TRUE(file);
  InventoryBuilder streamed(ReaderOptions{2, 4096, 4096, SIZE_MAX, {}});
  Result<void> from_file = streamed.add("in.json", *file);
  unlink(name);
  EXPECT_EQ(excerpt_of(in_place), excerpt_of(from_file));
}

TEST(Excerpt, ErrorsCarryTheirSourceLine) {
  InventoryBuilder builder;
  Result<void> r = builder.add("in.json", std::string_view("[\n  {\"imageDigest\": 7}\n]\n"));
  ASSERT_FALSE(r);
  ASSERT_TRUE(r.error().source);
  EXPECT_EQ("  {\"imageDigest\": 7}", r.error().source->text);
  EXPECT_EQ(r.error().column - 1, r.error().source->caret);
  EXPECT_FALSE(r.error().source->cut_before);
  EXPECT_FALSE(r.error().source->cut_after);
}

TEST(Excerpt, SameWhetherReadInPlaceStreamedOrByteByByte) {
  // An element error in the middle of a one-line document far longer than a chunk.
  std::string one_line = "[";
  for (int i = 0; i < 200; ++i) {
    one_line += image_json("r", i, "") + ",";
  }
  one_line += "{\"repositoryName\": \"r\", \"imageDigest\": \"sha256:xyz\"}]";
  expect_same_excerpt_every_way(one_line, 1);
  // A scanner error at the very end of a long line, and at the end of the input.
  expect_same_excerpt_every_way(one_line.substr(0, one_line.size() - 1) + "}", 1);
  expect_same_excerpt_every_way(one_line.substr(0, 9000), 1);
  // A short line after many others, with CRLF line ends.
  std::string lines;
  for (int i = 0; i < 300; ++i) {
    lines += image_json("r", i, "") + "\r\n";
  }
  expect_same_excerpt_every_way(lines + "{\"imageDigest\": 1}\r\n", 301);
  // An error near the end of a line of 100 bytes: the excerpt is the whole line.
  expect_same_excerpt_every_way(
      lines + "{\"repositoryName\": \"" + std::string(60, 'r') + "\", \"imageDigest\": 5}\n", 301);
  // A UTF-8 character where the window is cut.
  std::string wide = "[" + image_json("r", 1, "\"" + std::string(100, 'a') + "\u00e9\u00e9\"");
  for (int i = 0; i < 50; ++i) {
    wide += "\xC3\xA9";
  }
  expect_same_excerpt_every_way(wide + " x]", 1);
}

}  // namespace
}  // namespace ecrlc

namespace ecrlc {
namespace {

ReaderOptions with_limits(ReaderLimits limits, std::size_t chunk_bytes = 16 << 20) {
  ReaderOptions options;
  options.chunk_bytes = chunk_bytes;
  options.batch_bytes = 4096;
  options.limits = limits;
  return options;
}

// The same outcome whole and streamed in the smallest chunks: the limits must not depend on
// how much of the input is in memory.
std::string error_whole_and_streamed(const std::string& text, ReaderLimits limits) {
  Read whole = read_one(text, with_limits(limits));
  Read streamed = read_stream(text, with_limits(limits, 4096));
  EXPECT_EQ(whole.error, streamed.error);
  return whole.error;
}

TEST(Limits, DefaultsAreTheDocumentedOnes) {
  ReaderLimits limits;
  EXPECT_EQ(1048576u, limits.max_element_bytes);
  EXPECT_EQ(1000000u, limits.max_images_per_repository);
  EXPECT_EQ(100000u, limits.warn_images_per_repository);
  EXPECT_EQ(100000u, limits.warn_repositories);
}

TEST(Limits, ElementAtTheLimitIsReadOneByteMoreIsRefused) {
  // Pads an element to exactly `size` bytes with an unknown field.
  auto element_of = [](std::size_t size) {
    std::string base = image_json("a", 1, "", "\"2025-01-01T00:00:00Z\"", ", \"x\": \"\"");
    std::string padded = base.substr(0, base.size() - 2) + std::string(size - base.size(), 'p') +
                         base.substr(base.size() - 2);
    EXPECT_EQ(size, padded.size());
    return padded;
  };
  ReaderLimits limits;
  limits.max_element_bytes = 6000;
  EXPECT_EQ("", error_whole_and_streamed("[" + element_of(6000) + "]", limits));
  EXPECT_EQ("in.json:1:2: expected an image of at most 6000 bytes, got a larger one",
            error_whole_and_streamed("[" + element_of(6001) + "]", limits));
  // NDJSON: a top-level object is an image too.
  EXPECT_EQ("", error_whole_and_streamed(element_of(6000) + "\n", limits));
  EXPECT_EQ(
      "in.json:2:1: expected an image of at most 6000 bytes, got a larger one",
      error_whole_and_streamed(image_json("b", 2, "") + "\n" + element_of(6001) + "\n", limits));
}

TEST(Limits, OversizedElementIsRefusedWithoutReadingItToTheEnd) {
  // 3 MB of an element that never closes: refused at its start, not "unterminated", and the
  // same whether the reader holds the whole text or 4 KiB windows.
  std::string open =
      "{\"imageDetails\": [\n  {\"repositoryName\": \"a\", \"x\": \"" + std::string(3 << 20, 'p');
  EXPECT_EQ("in.json:2:3: expected an image of at most 1 MiB (1048576 bytes), got a larger one",
            error_whole_and_streamed(open, ReaderLimits{}));
  // A bracket fault past the limit is reported as the size, as a small window must.
  std::string mismatched = "[{\"x\": [" + std::string(2 << 20, ' ') + "}]";
  EXPECT_EQ("in.json:1:2: expected an image of at most 1 MiB (1048576 bytes), got a larger one",
            error_whole_and_streamed(mismatched, ReaderLimits{}));
}

TEST(Limits, PageValuesAndKeysAreBoundedToo) {
  ReaderLimits limits;
  limits.max_element_bytes = 4096;
  std::string details = "\"imageDetails\": [" + image_json("a", 1, "") + "]";
  std::string big(5000, 'n');
  // After imageDetails the object is a page: one value is too large.
  EXPECT_EQ("in.json:1:" + std::to_string(details.size() + 17) +
                ": expected a value of at most 4096 bytes, got a larger one",
            error_whole_and_streamed("{" + details + ", \"nextToken\": \"" + big + "\"}", limits));
  EXPECT_EQ("in.json:1:" + std::to_string(details.size() + 4) +
                ": expected a value of at most 4096 bytes, got a larger one",
            error_whole_and_streamed("{" + details + ", \"" + big + "\": 1}", limits));
  // Before imageDetails it may still be an image: the object so far is what is bounded.
  EXPECT_EQ("in.json:1:1: expected an image of at most 4096 bytes, got a larger one",
            error_whole_and_streamed("{\"nextToken\": \"" + big + "\", " + details + "}", limits));
  // Small values around a page of any size are fine.
  std::string many;
  for (int i = 0; i < 100; ++i) {
    if (i != 0) {
      many += ",";
    }
    many += image_json("a", i, "");
  }
  EXPECT_EQ("", error_whole_and_streamed("{\"imageDetails\": [" + many + "], \"nextToken\": \"t\"}",
                                         limits));
}

TEST(Limits, ImagesPerRepositoryErrorAtTheFirstImagePastTheLimit) {
  ReaderLimits limits;
  limits.max_images_per_repository = 3;
  std::string text;
  for (int i = 1; i <= 3; ++i) {
    text += image_json("a", i, "") + "\n" + image_json("b", i, "") + "\n";
  }
  EXPECT_EQ("", error_whole_and_streamed(text, limits));
  text += image_json("b", 4, "") + "\n";
  EXPECT_EQ("in.json:7:1: repository \"b\": expected at most 3 images in one repository, got more",
            error_whole_and_streamed(text, limits));
}

// The records of a failed input no longer count against the per-repository limit.
TEST(Errors, AFailedInputGivesBackItsImagesToTheLimit) {
  ReaderLimits limits;
  limits.max_images_per_repository = 2;
  InventoryBuilder builder(with_limits(limits));
  ASSERT_TRUE(builder.add("one.json", image_json("a", 1, "")));
  ASSERT_FALSE(builder.add("bad.json", image_json("a", 2, "") + "\n" + image_json("a", 3, "3")));
  ASSERT_TRUE(builder.add("two.json", image_json("a", 4, "")));
  Result<void> third = builder.add("three.json", image_json("a", 5, ""));
  ASSERT_FALSE(third);
  EXPECT_EQ(
      "three.json:1:1: repository \"a\": expected at most 2 images in one repository, got more",
      error_text(third.error()));
  EXPECT_EQ(2u, builder.finish().image_count());
}

TEST(Limits, ImagesPerRepositoryWarningCountsImagesAfterDuplicatesMerge) {
  ReaderLimits limits;
  limits.warn_images_per_repository = 2;
  // Three records, two of them the same image (overlapping pages): two images, no warning.
  std::string two =
      image_json("a", 7, "") + "\n" + image_json("a", 3, "") + "\n" + image_json("a", 7, "") + "\n";
  Read r = read_one(two, with_limits(limits));
  ASSERT_EQ("", r.error);
  EXPECT_TRUE(r.warnings.empty());
  // A third image: the warning points at the third image in input order.
  Read three = read_one(two + image_json("a", 1, "") + "\n", with_limits(limits));
  ASSERT_EQ("", three.error);
  ASSERT_EQ(1u, three.warnings.size());
  EXPECT_EQ("in.json:4:1: repository \"a\": 3 images, more than ECR's quota of 2 per repository",
            three.warnings[0]);
  EXPECT_EQ(3u, three.inventory.image_count());  // still read whole
}

TEST(Limits, RepositoriesWarningPointsAtTheFirstRepositoryPastTheQuota) {
  ReaderLimits limits;
  limits.warn_repositories = 2;
  std::string text = image_json("c", 1, "") + "\n" + image_json("a", 2, "") + "\n" +
                     image_json("c", 3, "") + "\n" + image_json("b", 4, "") + "\n";
  Read r = read_one(text, with_limits(limits));
  ASSERT_EQ("", r.error);
  ASSERT_EQ(1u, r.warnings.size());
  EXPECT_EQ("in.json:4:1: 3 repositories, more than ECR's quota of 2 per registry and region",
            r.warnings[0]);
  EXPECT_EQ(3u, r.inventory.repositories.size());
}

}  // namespace
}  // namespace ecrlc

namespace ecrlc {
namespace {

// Fail closed (docs/reliability.md): what the snapshot disagrees about is marked ambiguous.
TEST(Ambiguity, TagOnSeveralImagesMarksEveryImageItIsOn) {
  std::string text = image_json("a", 1, "\"prod\"", "\"2025-03-10T00:00:00Z\"") + "\n" +
                     image_json("a", 2, "\"prod\"", "\"2025-02-01T00:00:00Z\"") + "\n" +
                     image_json("a", 3, "", "\"2025-02-01T00:00:00Z\"") + "\n";
  Read r = read_one(text);
  ASSERT_EQ("", r.error);
  const Repository& a = r.inventory.repositories[0];
  EXPECT_TRUE(a.images[0].ambiguous);
  EXPECT_TRUE(a.images[1].ambiguous);
  EXPECT_FALSE(a.images[2].ambiguous);
  // Evaluation keeps today's resolution: the tag stays on the image pushed last...
  EXPECT_TRUE(a.images[0].is_tagged());
  EXPECT_FALSE(a.images[1].is_tagged());
  // ... but the tag still finds both, and each says why it is ambiguous.
  EXPECT_EQ((std::vector<std::uint32_t>{0, 1}), a.images_with_tag("prod"));
  EXPECT_EQ("tag prod is on several images", a.ambiguity_text(1));
  EXPECT_EQ("", a.ambiguity_text(2));
}

TEST(Ambiguity, DigestListedTwiceWithDifferentDataIsAmbiguous) {
  Read r =
      read_one(image_json("a", 5, "", "\"2025-02-01T00:00:00Z\"") + "\n" +
               image_json("a", 5, "", "\"2025-02-01T00:00:00Z\"", ", \"imageSizeInBytes\": 99") +
               "\n" + image_json("a", 6, "") + "\n" + image_json("a", 6, "") + "\n");
  ASSERT_EQ("", r.error);
  const Repository& a = r.inventory.repositories[0];
  EXPECT_TRUE(a.images[0].ambiguous);
  EXPECT_EQ("listed twice with different data", a.ambiguity_text(0));
  EXPECT_FALSE(a.images[1].ambiguous);  // identical duplicates are no disagreement
}

TEST(Ambiguity, ConsistentSnapshotsHaveNone) {
  std::string text;
  for (int i = 0; i < 2000; ++i) {  // unique tags, each digest once
    text += image_json("repo-" + std::to_string(i % 7), i, "\"v" + std::to_string(i) + "\"") + "\n";
  }
  Read r = read_one(text);
  ASSERT_EQ("", r.error);
  EXPECT_TRUE(r.warnings.empty());
  for (const Repository& repository : r.inventory.repositories) {
    EXPECT_TRUE(repository.ambiguities.empty());
    for (const ImageRecord& image : repository.images) {
      EXPECT_FALSE(image.ambiguous);
    }
  }
}

std::string in_registry(const std::string& image, const std::string& registry) {
  return image.substr(0, image.size() - 1) + ", \"registryId\": \"" + registry + "\"}";
}

TEST(Registries, OneNameInTwoRegistriesIsTwoRepositories) {
  Read r = read_one(
      in_registry(image_json("shop/api", 7, "\"v1\""), "123456789012") + "\n" +
      in_registry(image_json("shop/api", 7, "", "\"2025-05-31T12:00:00Z\""), "210987654321") +
      "\n" + in_registry(image_json("shop/api", 8, ""), "210987654321") + "\n");
  ASSERT_EQ("", r.error);
  EXPECT_TRUE(r.warnings.empty());  // the same digest in two registries is no anomaly
  ASSERT_EQ(2u, r.inventory.repositories.size());
  EXPECT_EQ("123456789012", r.inventory.repositories[0].registry_id);
  EXPECT_EQ(1u, r.inventory.repositories[0].images.size());
  EXPECT_TRUE(r.inventory.repositories[0].images[0].is_tagged());
  EXPECT_EQ("210987654321", r.inventory.repositories[1].registry_id);
  EXPECT_EQ(2u, r.inventory.repositories[1].images.size());
  EXPECT_EQ(2u, r.inventory.find_all("shop/api").size());
  EXPECT_EQ(&r.inventory.repositories[0], r.inventory.find("shop/api"));
  EXPECT_EQ((std::vector<std::string_view>{"123456789012", "210987654321"}),
            r.inventory.registries());
}

TEST(Registries, RecordsWithoutRegistryJoinTheOnlyRegistryOfTheirName) {
  // Read order decides duplicates across both: the record without registryId is read last.
  Read r = read_one(in_registry(image_json("a", 1, "\"old\""), "123456789012") + "\n" +
                    image_json("a", 1, "\"new\"") + "\n" + image_json("a", 2, "") + "\n");
  ASSERT_EQ("", r.error);
  ASSERT_EQ(1u, r.inventory.repositories.size());
  const Repository& a = r.inventory.repositories[0];
  EXPECT_EQ("123456789012", a.registry_id);
  EXPECT_EQ(
      "a [123456789012]\n  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=new,\n"
      "  000000000000 2025-01-01T00:00:00Z 0 ACTIVE tags=\n",
      dump(r.inventory));
  EXPECT_TRUE(a.images[0].ambiguous);  // listed twice with different data
}

TEST(Registries, RecordsWithoutRegistryAmongSeveralAreAmbiguous) {
  Read r = read_one(in_registry(image_json("a", 1, ""), "111111111111") + "\n" +
                    in_registry(image_json("a", 2, ""), "222222222222") + "\n" +
                    image_json("a", 3, "") + "\n");
  ASSERT_EQ("", r.error);
  ASSERT_EQ(3u, r.inventory.repositories.size());
  const Repository& unknown = r.inventory.repositories[0];
  EXPECT_EQ("", unknown.registry_id);
  EXPECT_TRUE(unknown.images[0].ambiguous);
  EXPECT_EQ("no registryId, and several registries hold a", unknown.ambiguity_text(0));
  EXPECT_FALSE(r.inventory.repositories[1].images[0].ambiguous);
}

TEST(Memory, RecordsAndVerdictsStaySmall) {
  // Ten million images: every byte here is 10 MB of a registry-wide run's peak memory.
  EXPECT_LE(sizeof(ImageRecord), 176u);
  EXPECT_LE(sizeof(ImageVerdict), 40u);
  EXPECT_EQ(8u, sizeof(OptionalMicros));
}

TEST(Memory, OptionalMicrosReadsLikeStdOptional) {
  OptionalMicros none;
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(static_cast<bool>(none));
  EXPECT_EQ(42, none.value_or(42));
  EXPECT_EQ(std::nullopt, none.as_optional());
  OptionalMicros zero = Micros{0};  // the epoch is a time, not "none"
  EXPECT_TRUE(zero.has_value());
  EXPECT_EQ(0, *zero);
  EXPECT_FALSE(none == zero);
  EXPECT_TRUE(zero == Micros{0});
  EXPECT_FALSE(none == Micros{0});
  OptionalMicros from_optional = std::optional<Micros>(-5);
  EXPECT_EQ(std::optional<Micros>(-5), from_optional.as_optional());
  from_optional.reset();
  EXPECT_TRUE(from_optional == none);
  EXPECT_TRUE(OptionalMicros(std::nullopt) == none);
}

// A snapshot read while tags moved warns once per extra copy of a tag; only the first
// max_warnings (in output order) are kept, the others are counted, for any thread count.
TEST(Warnings, TheFirstAreKeptInOutputOrderAndAllAreCounted) {
  GenerateOptions shape;
  shape.images = 20'000;
  shape.repositories = 300;
  shape.order = GenerateOrder::random;
  shape.tag_anomaly_ppm = 30'000;
  shape.format = GenerateFormat::ndjson;
  std::ostringstream out;
  ASSERT_TRUE(write_inventory(shape, out).has_value());
  const std::string text = out.str();
  auto read = [&](unsigned threads, std::size_t max_warnings) {
    ReaderOptions options;
    options.threads = threads;
    options.max_warnings = max_warnings;
    InventoryBuilder builder(options);
    EXPECT_TRUE(builder.add("shape.ndjson", text).has_value());
    Inventory inventory = builder.finish();
    EXPECT_EQ(inventory.image_count(), 20'000u);
    return std::make_pair(builder.warnings(), builder.warning_count());
  };
  const auto [all, all_count] = read(1, SIZE_MAX);
  ASSERT_GT(all.size(), 400u);
  EXPECT_EQ(all_count, all.size());
  for (unsigned threads : {1U, 2U, 3U}) {
    const auto [kept, count] = read(threads, 20);
    EXPECT_EQ(count, all.size()) << threads;
    ASSERT_EQ(kept.size(), 20u) << threads;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      EXPECT_EQ(kept[i].message, all[i].message) << threads << " " << i;
      EXPECT_EQ(kept[i].line, all[i].line);
      EXPECT_EQ(kept[i].column, all[i].column);
    }
  }
  const auto [none, counted] = read(2, 0);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(counted, all.size());
}

}  // namespace
}  // namespace ecrlc
