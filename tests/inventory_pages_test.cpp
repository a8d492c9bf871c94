// Describe-images pages that end with a nextToken: InventoryBuilder::incomplete_pages names
// the page whose later pages are missing, wherever the reader's windows cut the input.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "ecrlc/byte_source.hpp"
#include "ecrlc/inventory_reader.hpp"

namespace ecrlc {
namespace {

std::string image(int n) {
  std::string digest = std::to_string(n);
  digest.insert(0, 64 - digest.size(), '0');
  return R"({"repositoryName": "shop/api", "imageDigest": "sha256:)" + digest +
         R"(", "imagePushedAt": "2025-01-01T00:00:00Z"})";
}

// A page of `count` images from `first`, with `tail` after the images (", \"nextToken\": ...").
std::string page(int first, int count, const std::string& tail) {
  std::string text = "{\"imageDetails\": [";
  for (int i = 0; i < count; ++i) {
    text += (i == 0 ? "" : ",\n  ") + image(first + i);
  }
  return text + "]" + tail + "}\n";
}

// "FILE:LINE:COLUMN CODE" of each incomplete page, after reading `inputs` in order, each in
// place, then again streamed 7 bytes per read (windows of 4 KiB, so that a page spans
// several): both must agree.
std::vector<std::string> incomplete(
    const std::vector<std::pair<std::string, std::string>>& inputs) {
  std::vector<std::string> results[2];
  for (int streamed = 0; streamed < 2; ++streamed) {
    ReaderOptions options;
    options.chunk_bytes = 4096;
    options.batch_bytes = 4096;
    options.threads = streamed == 1 ? 3 : 1;
    InventoryBuilder builder(options);
    for (const auto& [name, text] : inputs) {
      StringSource source(text, streamed == 1 ? 7 : SIZE_MAX);
      EXPECT_TRUE(builder.add(name, source)) << name;
    }
    (void)builder.finish();
    for (const Error& e : builder.incomplete_pages()) {
      results[streamed].push_back(e.file + ":" + std::to_string(e.line) + ":" +
                                  std::to_string(e.column) + " " + e.code);
      EXPECT_NE(e.message.find("no page follows it"), std::string::npos) << e.message;
    }
  }
  EXPECT_EQ(results[0], results[1]);
  return results[0];
}

using Lines = std::vector<std::string>;

TEST(IncompletePages, APageEndingWithATokenIsNamedAtTheToken) {
  // 200 images, one per line: the page (33 KB) spans several windows; its token is on line 200.
  EXPECT_EQ(incomplete({{"page1.json", page(1, 200, R"(, "nextToken": "abc")")}}),
            (Lines{"page1.json:200:180 W0401"}));
  // The AWS CLI's own token (--max-items), and a token before the images.
  EXPECT_EQ(incomplete({{"cli.json", page(1, 1, R"(, "NextToken": "eyJ")")}}),
            (Lines{"cli.json:1:196 W0401"}));
  EXPECT_EQ(
      incomplete({{"first.json", R"({"nextToken": "x", "imageDetails": [)" + image(1) + "]}\n"}}),
      (Lines{"first.json:1:15 W0401"}));
  // An empty page that still has a token: later pages may hold images.
  EXPECT_EQ(incomplete({{"empty.json", page(1, 0, R"(, "nextToken": "x")")}}),
            (Lines{"empty.json:1:35 W0401"}));
}

TEST(IncompletePages, APageAfterItContinuesTheListing) {
  const std::string first = page(1, 3, R"(, "nextToken": "abc")");
  const std::string last = page(4, 2, "");
  EXPECT_EQ(incomplete({{"pages.json", first + last}}), Lines{});
  // Saved one page per file, given in order.
  EXPECT_EQ(incomplete({{"page1.json", first}, {"page2.json", last}}), Lines{});
  // Each page continues the one before; only the last one's token counts.
  EXPECT_EQ(incomplete({{"pages.json", first + page(4, 2, R"(, "nextToken": "def")")}}),
            (Lines{"pages.json:5:180 W0401"}));
}

TEST(IncompletePages, NoTokenNullOrEmptyEndsTheListing) {
  EXPECT_EQ(incomplete({{"a.json", page(1, 2, "")}}), Lines{});
  EXPECT_EQ(incomplete({{"b.json", page(1, 2, R"(, "nextToken": null)")}}), Lines{});
  EXPECT_EQ(incomplete({{"c.json", page(1, 2, R"(, "nextToken": "")")}}), Lines{});
}

TEST(IncompletePages, OnlyPagesCountNotImagesOrArrays) {
  // Images (NDJSON) after the page are no later page of it.
  EXPECT_EQ(incomplete({{"mixed.json", page(1, 1, R"(, "nextToken": "t")") + image(5) + "\n"}}),
            (Lines{"mixed.json:1:196 W0401"}));
  // A field of an image named nextToken is one of its unknown fields, skipped.
  std::string odd = image(7);
  odd.insert(odd.size() - 1, R"(, "nextToken": "t")");
  EXPECT_EQ(incomplete({{"image.json", odd + "\n[" + image(8) + "]\n"}}), Lines{});
}

}  // namespace
}  // namespace ecrlc
