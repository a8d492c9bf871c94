// explain's IMAGE argument: which images a digest, tag, REPOSITORY@DIGEST or image URI names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecrlc/find_image.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

std::string digest(char c) { return "sha256:" + std::string(64, c); }

// Two repositories share the untagged digest aaaa...; prod sits on bbbb... in shop/api.
Inventory sample() {
  const std::string json = R"({"imageDetails": [
    {"registryId": "111122223333", "repositoryName": "shop/api", "imageDigest": ")" +
                           digest('a') + R"(", "imagePushedAt": "2025-01-01T00:00:00Z"},
    {"registryId": "111122223333", "repositoryName": "shop/api", "imageDigest": ")" +
                           digest('b') + R"(", "imageTags": ["prod", "latest"],
     "imagePushedAt": "2025-01-02T00:00:00Z"},
    {"registryId": "111122223333", "repositoryName": "shop/web", "imageDigest": ")" +
                           digest('a') + R"(", "imagePushedAt": "2025-01-03T00:00:00Z"},
    {"registryId": "111122223333", "repositoryName": "shop/web", "imageDigest": ")" +
                           digest('c') + R"(", "imageTags": ["prod"],
     "imagePushedAt": "2025-01-04T00:00:00Z"}]})";
  return test::load_inventory(json);
}

// "REPOSITORY DIGEST-LETTER" of each match, in order.
std::vector<std::string> names(const std::vector<ImageRef>& found) {
  std::vector<std::string> out;
  for (const ImageRef& ref : found) {
    out.push_back(ref.repository->name + " " +
                  ref.repository->images[ref.index].digest.to_string().substr(7, 1));
  }
  return out;
}

using Names = std::vector<std::string>;

TEST(FindImages, DigestsTagsAndPrefixes) {
  const Inventory inventory = sample();
  EXPECT_EQ(names(find_images(inventory, digest('b'))), Names{"shop/api b"});
  EXPECT_EQ(names(find_images(inventory, "sha256:aaaa")), (Names{"shop/api a", "shop/web a"}));
  EXPECT_EQ(names(find_images(inventory, "prod")), (Names{"shop/api b", "shop/web c"}));
  EXPECT_EQ(names(find_images(inventory, "shop/web:prod")), Names{"shop/web c"});
  EXPECT_EQ(names(find_images(inventory, "cccc")), Names{"shop/web c"});  // no such tag
  EXPECT_TRUE(find_images(inventory, "sha256:").empty());
  EXPECT_TRUE(find_images(inventory, "sha256:xyz").empty());
  EXPECT_TRUE(find_images(inventory, "shop/api:nope").empty());
}

// The form explain itself suggests when a digest is in two repositories.
TEST(FindImages, RepositoryAtDigest) {
  const Inventory inventory = sample();
  EXPECT_EQ(names(find_images(inventory, "shop/web@" + digest('a'))), Names{"shop/web a"});
  EXPECT_EQ(names(find_images(inventory, "shop/api@sha256:aa")), Names{"shop/api a"});
  EXPECT_EQ(names(find_images(inventory, "shop/api:old@" + digest('a'))), Names{"shop/api a"});
  EXPECT_TRUE(find_images(inventory, "shop/api@" + digest('c')).empty());
}

TEST(FindImages, RepositoryOption) {
  const Inventory inventory = sample();
  EXPECT_EQ(names(find_images(inventory, "sha256:aa", "shop/web")), Names{"shop/web a"});
  EXPECT_EQ(names(find_images(inventory, "prod", "shop/api")), Names{"shop/api b"});
  EXPECT_TRUE(find_images(inventory, "shop/api:prod", "shop/web").empty());
}

TEST(FindImages, ImageUrisInEveryHostForm) {
  const Inventory inventory = sample();
  for (const std::string host :
       {"111122223333.dkr.ecr.us-east-1.amazonaws.com",
        "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn",
        "111122223333.dkr.ecr-fips.us-east-1.amazonaws.com",
        "111122223333.dkr-ecr.us-east-1.on.aws", "111122223333.dkr-ecr-fips.us-east-1.on.aws"}) {
    EXPECT_EQ(names(find_images(inventory, host + "/shop/web:prod")), Names{"shop/web c"}) << host;
    EXPECT_EQ(
        names(find_images(inventory, "docker-pullable://" + host + "/shop/api@" + digest('a'))),
        Names{"shop/api a"})
        << host;
  }
  // Without tag or digest a URI names :latest, as Docker reads it.
  EXPECT_EQ(names(find_images(inventory, "111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/api")),
            Names{"shop/api b"});
  // Another account's image is not this inventory's.
  EXPECT_TRUE(
      find_images(inventory, "999988887777.dkr.ecr.us-east-1.amazonaws.com/shop/web:prod").empty());
}

}  // namespace
}  // namespace ecrlc
