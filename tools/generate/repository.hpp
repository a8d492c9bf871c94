// One synthetic repository, generated newest push first from its own random stream, one
// record at a time (so that repositories can be interleaved).
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "generate/rng.hpp"

namespace ecrlc::generate_detail {

// Images and untagged images produced so far over the whole inventory, in repository order:
// the untagged share is steered towards a third overall.
struct Tally {
  std::uint64_t images = 0;
  std::uint64_t untagged = 0;
};

struct RepositorySpec {
  std::uint64_t seed = 0;
  std::uint64_t index = 0;              // the repository's rank
  std::uint64_t size = 0;               // records it holds
  std::uint64_t first_image_index = 0;  // records of the repositories before it
  Micros now = 0;
  std::uint32_t tag_anomaly_ppm = 0;  // images (parts per million) given a tag of another
};

enum class TagScheme { release, continuous, mixed };

// What kind of project a repository belongs to; drawn once per repository.
struct Profile {
  TagScheme scheme = TagScheme::mixed;
  std::uint64_t index_per_mille = 0;      // pushes that are multi-arch indexes
  std::uint64_t signature_per_mille = 0;  // pushes with a cosign signature referrer
  std::uint64_t sbom_per_mille = 0;       // pushes with an SBOM referrer
  std::uint64_t untagged_target = 333;    // per mille of the repository's images
  bool oci = false;                       // OCI manifests rather than Docker v2
  std::int64_t base_size = 0;
};

// Word pairs of feature-branch tags: 24 x 24.
inline constexpr std::size_t k_slug_pairs = std::size_t{24} * 24;

// Counters of the tag schemes, walked backwards because pushes are generated newest first.
struct TagState {
  std::int64_t major = 1;
  std::int64_t minor = 0;
  std::int64_t patch = 0;
  bool semver_left = true;
  std::int64_t build = 0;
  std::bitset<k_slug_pairs> feature_pairs;  // word pairs used so far
  std::uint64_t features = 0;               // feature tags so far
};

class RepositoryGenerator {
 public:
  // `start`: the tally of the repositories before this one (in repository order).
  RepositoryGenerator(const RepositorySpec& spec, Tally start);

  // The next record, or nullptr when the repository is complete. The record and what its
  // views point to stay valid until the next call.
  const ImageRecord* next();
  // The tally including this repository's records so far.
  const Tally& tally() const { return m_tally; }

 private:
  void draw_profile();
  Digest next_digest();
  Micros round_time(Micros t);
  std::int64_t jitter_size(std::int64_t base);
  std::string git_sha();
  std::string semver();
  std::string dev_build();
  std::string feature();
  void draw_tags(bool newest);
  std::optional<Micros> pull_after(Micros t, std::uint64_t chance);
  void emit(const ImageRecord& record, bool untagged);
  void push();
  bool anomaly(std::uint64_t records_in_push);
  void referrer(const Digest& subject, Micros subject_pushed, std::string_view artifact,
                std::uint64_t min_size, std::uint64_t max_size);
  void archive_or_restore(ImageRecord& image);

  Rng m_rng;
  Rng m_anomaly_rng;  // its own stream: anomalies leave every other draw as it was
  std::uint64_t m_digest_key;
  std::uint64_t m_size;
  std::uint64_t m_next_image_index;
  Micros m_now;
  std::uint32_t m_anomaly_ppm;
  Tally m_tally;
  Profile m_profile;
  TagState m_tags;
  Micros m_newest = 0;
  Micros m_step = 0;
  std::uint64_t m_emitted = 0;
  std::uint64_t m_untagged = 0;
  std::array<std::string, 4> m_tag_text;
  std::array<std::string_view, 5> m_tag_views;  // room for an anomaly's extra tag
  std::size_t m_tag_count = 0;
  std::string m_last_tag;     // the first tag of the last tagged push
  std::string m_anomaly_tag;  // the tag an anomaly copied into the current push
  std::array<Digest, 3> m_child_digests;
  std::vector<ImageRecord> m_pending;  // the current push's records
  std::size_t m_next_pending = 0;
};

}  // namespace ecrlc::generate_detail
