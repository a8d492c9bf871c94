// The parsers of AWS CLI responses (ecrlc/registry_responses.hpp) on what CLI v1 and v2 print,
// and the images.ndjson lines they build going through the inventory reader.
#include "ecrlc/registry_responses.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ecrlc/inventory_reader.hpp"

namespace ecrlc {
namespace {

const std::string k_index = "sha256:" + std::string(64, 'a');
const std::string k_child1 = "sha256:" + std::string(64, 'b');
const std::string k_child2 = "sha256:" + std::string(64, 'c');

// What AWS CLI v2 prints (indent 4, ISO timestamps).
const std::string k_images_page = R"({
    "imageDetails": [
        {
            "registryId": "123456789012",
            "repositoryName": "shop/api",
            "imageDigest": ")" + k_index +
                                  R"(",
            "imageTags": [
                "prod"
            ],
            "imageSizeInBytes": 1234,
            "imagePushedAt": "2026-11-01T10:00:00+00:00",
            "imageManifestMediaType": "application/vnd.oci.image.index.v1+json"
        },
        {
            "registryId": "123456789012",
            "repositoryName": "shop/api",
            "imageDigest": ")" + k_child1 +
                                  R"(",
            "imageSizeInBytes": 99,
            "imagePushedAt": 1761991200.0,
            "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
            "note": "a  string\twith \"blanks\" { }"
        }
    ]
}
)";

TEST(RegistryResponses, ImagesPageLinesAreCompactAndKeepEveryField) {
  auto page = parse_images_page(k_images_page);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->images.size(), 2u);
  EXPECT_TRUE(page->next_token.empty());
  EXPECT_EQ(page->images[0].digest, k_index);
  EXPECT_TRUE(page->images[0].is_index());
  EXPECT_FALSE(page->images[1].is_index());
  EXPECT_EQ(page->images[0].json,
            R"({"registryId":"123456789012","repositoryName":"shop/api","imageDigest":")" +
                k_index +
                R"(","imageTags":["prod"],"imageSizeInBytes":1234,"imagePushedAt":)"
                R"("2026-11-01T10:00:00+00:00","imageManifestMediaType":)"
                R"("application/vnd.oci.image.index.v1+json"})");
  // Blanks inside strings are the data: kept as printed.
  EXPECT_NE(page->images[1].json.find(R"("note":"a  string\twith \"blanks\" { }")"),
            std::string::npos);
}

TEST(RegistryResponses, NextTokenAndEmptyPages) {
  auto page = parse_images_page(R"({"imageDetails": [], "nextToken": "abc=="})");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->images.empty());
  EXPECT_EQ(page->next_token, "abc==");
  auto null_token = parse_images_page(R"({"imageDetails": [], "nextToken": null})");
  ASSERT_TRUE(null_token);
  EXPECT_TRUE(null_token->next_token.empty());
}

TEST(RegistryResponses, ImagesPageErrorsNameTheField) {
  auto not_json = parse_images_page("An error occurred");
  ASSERT_FALSE(not_json);
  EXPECT_NE(not_json.error().message.find("describe-images output: not JSON"), std::string::npos);
  auto no_array = parse_images_page(R"({"images": []})");
  ASSERT_FALSE(no_array);
  EXPECT_NE(no_array.error().message.find("\"imageDetails\""), std::string::npos);
  auto bad_digest = parse_images_page(R"({"imageDetails": [{"imageDigest": 7}]})");
  ASSERT_FALSE(bad_digest);
  EXPECT_EQ(bad_digest.error().message,
            "imageDetails[0].imageDigest: expected a string, got a number");
  auto not_object = parse_images_page(R"({"imageDetails": [[]]})");
  ASSERT_FALSE(not_object);
  EXPECT_EQ(not_object.error().message, "imageDetails[0]: expected an object, got an array");
}

TEST(RegistryResponses, RepositoriesPage) {
  auto page = parse_repositories_page(R"({
    "repositories": [
        {
            "repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/shop/api",
            "registryId": "123456789012",
            "repositoryName": "shop/api",
            "repositoryUri": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api"
        },
        {"repositoryName": "empty"}
    ]
})");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->repositories.size(), 2u);
  EXPECT_EQ(page->repositories[0].name, "shop/api");
  EXPECT_EQ(page->repositories[0].registry_id, "123456789012");
  EXPECT_EQ(page->repositories[0].arn, "arn:aws:ecr:eu-west-1:123456789012:repository/shop/api");
  EXPECT_EQ(page->repositories[1].json, R"({"repositoryName":"empty"})");
  EXPECT_TRUE(page->repositories[1].registry_id.empty());
  auto unnamed = parse_repositories_page(R"({"repositories": [{"repositoryName": ""}]})");
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message.find("repositories[0].repositoryName"), std::string::npos);
}

std::string batch_response(const std::string& manifest) {
  return R"({"images": [{"registryId": "1", "repositoryName": "shop/api",
      "imageId": {"imageDigest": ")" +
         k_index + R"(", "imageTag": "prod"}, "imageManifest": )" + manifest +
         R"(, "imageManifestMediaType": "application/vnd.oci.image.index.v1+json"}],
      "failures": [{"imageId": {"imageDigest": ")" +
         k_child2 + R"("}, "failureCode": "ImageNotFound", "failureReason": "gone"}]})";
}

TEST(RegistryResponses, BatchGetImageChildrenFromTheManifest) {
  const std::string manifest = R"("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\")" + k_child1 +
                               R"(\",\"platform\":{\"os\":\"linux\"}},{\"digest\":\")" + k_child2 +
                               R"(\"}]}")";
  auto response = parse_batch_get_image(batch_response(manifest));
  ASSERT_TRUE(response) << response.error().message;
  ASSERT_EQ(response->indexes.size(), 1u);
  EXPECT_EQ(response->indexes[0].digest, k_index);
  EXPECT_EQ(response->indexes[0].children, (std::vector<std::string>{k_child1, k_child2}));
  ASSERT_EQ(response->failures.size(), 1u);
  EXPECT_EQ(response->failures[0].digest, k_child2);
  EXPECT_EQ(response->failures[0].code, "ImageNotFound");
  EXPECT_EQ(response->failures[0].reason, "gone");
}

TEST(RegistryResponses, BatchGetImageRefusesAManifestThatIsNoIndex) {
  auto plain = parse_batch_get_image(batch_response(R"("{\"schemaVersion\":2,\"layers\":[]}")"));
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("images[0].imageManifest: expected field \"manifests\""),
            std::string::npos);
  auto bad_child =
      parse_batch_get_image(batch_response(R"("{\"manifests\":[{\"digest\":\"sha256:ABC\"}]}")"));
  ASSERT_FALSE(bad_child);
  EXPECT_NE(bad_child.error().message.find("manifests[0].digest: expected a sha256 digest"),
            std::string::npos);
  auto not_json = parse_batch_get_image(batch_response(R"("not json")"));
  ASSERT_FALSE(not_json);
}

TEST(RegistryResponses, ChildDigestsJoinTheLineAndTheInventoryReadsThem) {
  auto page = parse_images_page(k_images_page);
  ASSERT_TRUE(page);
  const std::string index_line = with_child_digests(page->images[0].json, {k_child1});
  EXPECT_TRUE(index_line.ends_with(R"(,"childImageDigests":[")" + k_child1 + "\"]}"));
  EXPECT_EQ(with_child_digests("{}", {}), R"({"childImageDigests":[]})");

  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("images.ndjson", index_line + "\n" + page->images[1].json + "\n"));
  Inventory inventory = builder.finish();
  EXPECT_TRUE(builder.warnings().empty());
  ASSERT_EQ(inventory.repositories.size(), 1u);
  const Repository& repository = inventory.repositories[0];
  ASSERT_EQ(repository.images.size(), 2u);
  const ImageRecord& index = repository.images[*repository.find_image(*Digest::parse(k_index))];
  ASSERT_EQ(index.children.size(), 1u);
  EXPECT_EQ(index.children[0].to_string(), k_child1);
  EXPECT_FALSE(repository.images[0].ambiguous || repository.images[1].ambiguous);
}

TEST(RegistryResponses, AnIndexWithoutChildrenHoldsTheUntaggedImages) {
  auto page = parse_images_page(k_images_page);
  ASSERT_TRUE(page);
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("images.ndjson", page->images[0].json + "\n" + page->images[1].json));
  Inventory inventory = builder.finish();
  ASSERT_EQ(builder.warnings().size(), 1u);
  EXPECT_NE(builder.warnings()[0].message.find("has no childImageDigests"), std::string::npos);
  EXPECT_EQ(builder.warnings()[0].line, 1u);
  const Repository& repository = inventory.repositories[0];
  const std::uint32_t child = *repository.find_image(*Digest::parse(k_child1));
  const std::uint32_t index = *repository.find_image(*Digest::parse(k_index));
  EXPECT_TRUE(repository.images[child].ambiguous);
  EXPECT_FALSE(repository.images[index].ambiguous);  // tagged: not a child of anything
  EXPECT_NE(repository.ambiguity_text(child).find("has no childImageDigests"), std::string::npos);

  // An explicit empty list is known: nothing held, no warning.
  InventoryBuilder known;
  ASSERT_TRUE(known.add(
      "images.ndjson", with_child_digests(page->images[0].json, {}) + "\n" + page->images[1].json));
  Inventory known_inventory = known.finish();
  EXPECT_TRUE(known.warnings().empty());
  EXPECT_TRUE(known_inventory.repositories[0].ambiguities.empty());
}

TEST(RegistryResponses, HoldAllMarksEveryImage) {
  auto page = parse_images_page(k_images_page);
  ASSERT_TRUE(page);
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("images.ndjson", with_child_digests(page->images[0].json, {k_child1}) +
                                               "\n" + page->images[1].json));
  Inventory inventory = builder.finish();
  Repository& repository = inventory.repositories[0];
  repository.hold_all(AmbiguityKind::images_incomplete);
  ASSERT_EQ(repository.ambiguities.size(), 2u);
  for (std::uint32_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(repository.images[i].ambiguous);
    EXPECT_NE(repository.ambiguity_text(i).find("incomplete"), std::string::npos);
  }
}

TEST(RegistryResponses, CompactJson) {
  EXPECT_EQ(compact_json(" { \"a b\" : [ 1 ,\n 2 ] , \"c\":\"\\\" x\" }\n"),
            R"({"a b":[1,2],"c":"\" x"})");
  EXPECT_EQ(compact_json("\"unterminated  "), "\"unterminated  ");
}

}  // namespace
}  // namespace ecrlc
