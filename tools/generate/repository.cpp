// One repository's records: a tag scheme, multi-arch indexes and their children, referrers,
// archived and restored images, pull times; newest push first.
#include "generate/repository.hpp"

#include <algorithm>

#include "generate/hex.hpp"
#include "generate/writer.hpp"

namespace ecrlc::generate_detail {
namespace {

constexpr Micros k_micros_per_ms = 1000;
constexpr Micros k_year = 365 * k_micros_per_day;
constexpr std::uint64_t k_million = 1'000'000;

constexpr std::string_view k_oci_index = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view k_oci_config = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view k_docker_manifest =
    "application/vnd.docker.distribution.manifest.v2+json";
constexpr std::string_view k_docker_config = "application/vnd.docker.container.image.v1+json";
constexpr std::string_view k_cosign_signature = "application/vnd.dev.cosign.artifact.sig.v1+json";
constexpr std::string_view k_spdx_sbom = "application/spdx+json";

constexpr std::array<std::string_view, 24> k_slug_words = {
    "login",  "retry",   "cache",   "refactor", "metrics", "oauth",  "upload", "export",
    "search", "dark",    "mode",    "checkout", "invoice", "limits", "queue",  "webhooks",
    "sso",    "billing", "profile", "cleanup",  "tracing", "grpc",   "schema", "migration"};
static_assert(k_slug_words.size() * k_slug_words.size() == k_slug_pairs);

}  // namespace

RepositoryGenerator::RepositoryGenerator(const RepositorySpec& spec, Tally start)
    : m_rng(spec.seed ^ mix64(spec.index + 0x5851f42d4c957f2dULL)),
      m_anomaly_rng(spec.seed ^ mix64(spec.index + 0x3c6ef372fe94f82bULL)),
      m_digest_key(mix64(spec.seed + 0x2545f4914f6cdd1dULL)),
      m_size(spec.size),
      m_next_image_index(spec.first_image_index),
      m_now(spec.now),
      m_anomaly_ppm(spec.tag_anomaly_ppm),
      m_tally(start) {
  draw_profile();
  const bool stale = m_rng.per_mille(250);
  const Micros newest_age =
      stale ? k_micros_per_day * static_cast<Micros>(m_rng.between(7, 200))
            : static_cast<Micros>(m_rng.between(3600, std::uint64_t{7} * 86'400)) *
                  k_micros_per_second;
  m_newest = m_now - newest_age;
  m_step = m_size == 0 ? 0 : (k_year - newest_age - k_micros_per_day) / static_cast<Micros>(m_size);
}

const ImageRecord* RepositoryGenerator::next() {
  if (m_next_pending == m_pending.size()) {
    m_pending.clear();
    m_next_pending = 0;
    if (m_emitted == m_size) {
      std::vector<ImageRecord>().swap(m_pending);
      return nullptr;
    }
    push();
  }
  return &m_pending[m_next_pending++];
}

void RepositoryGenerator::draw_profile() {
  const std::uint64_t scheme = m_rng.below(std::uint64_t{3});
  m_profile.scheme = scheme == 0   ? TagScheme::release
                     : scheme == 1 ? TagScheme::continuous
                                   : TagScheme::mixed;
  if (m_rng.per_mille(150)) {
    m_profile.index_per_mille = m_rng.between(100, 300);
  }
  if (m_rng.per_mille(150)) {
    m_profile.signature_per_mille = m_rng.between(300, 700);
    m_profile.sbom_per_mille = m_rng.between(0, 300);
  }
  // Children and referrers are untagged too, so the overall share ends near a third.
  m_profile.untagged_target = m_rng.between(180, 420);
  m_profile.oci = m_rng.per_mille(400) || m_profile.index_per_mille > 0;
  const std::int64_t base = std::int64_t{8'000'000} << m_rng.below(std::uint64_t{7});
  m_profile.base_size = base + m_rng.below(base);
  m_tags.major = static_cast<std::int64_t>(m_rng.between(1, 5));
  m_tags.minor = static_cast<std::int64_t>(m_rng.between(0, 24));
  m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
  m_tags.build = static_cast<std::int64_t>(m_size * 3 + m_rng.below(std::uint64_t{5000}));
}

Digest RepositoryGenerator::next_digest() {
  Digest digest;
  const std::array<std::uint64_t, 4> words = {mix64(m_next_image_index++ ^ m_digest_key),
                                              m_rng.next(), m_rng.next(), m_rng.next()};
  for (std::size_t i = 0; i < 32; ++i) {
    digest.bytes[i] = static_cast<std::uint8_t>(words[i / 8] >> (56 - 8 * (i % 8)));
  }
  return digest;
}

// ECR keeps milliseconds; one push in twenty lands on a whole second.
Micros RepositoryGenerator::round_time(Micros t) {
  t -= t % k_micros_per_ms;
  if (m_rng.per_mille(50)) {
    t -= t % k_micros_per_second;
  }
  return t;
}

std::int64_t RepositoryGenerator::jitter_size(std::int64_t base) {
  return base - base / 10 + m_rng.below(base / 5 + 1);
}

std::string RepositoryGenerator::git_sha() {
  std::string sha(40, '0');
  for (std::size_t i = 0; i < 40; i += 16) {
    std::uint64_t word = m_rng.next();
    for (std::size_t j = i; j < std::min<std::size_t>(i + 16, 40); ++j, word >>= 4) {
      sha[j] = k_hex[word & 15];
    }
  }
  return sha;
}

std::string RepositoryGenerator::semver() {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "v" + std::string.
  std::string tag = "v";
  append_int(tag, m_tags.major);
  tag += '.';
  append_int(tag, m_tags.minor);
  tag += '.';
  append_int(tag, m_tags.patch);
  if (m_tags.patch > 0) {
    --m_tags.patch;
  } else if (m_tags.minor > 0) {
    --m_tags.minor;
    m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
  } else if (m_tags.major > 0) {
    --m_tags.major;
    m_tags.minor = static_cast<std::int64_t>(m_rng.between(3, 24));
    m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
  } else {
    m_tags.semver_left = false;
  }
  return tag;
}

std::string RepositoryGenerator::dev_build() {
  m_tags.build -= static_cast<std::int64_t>(m_rng.between(1, 3));
  std::string tag = "dev-";
  append_int(tag, m_tags.build);
  return tag;
}

// `feature-<word>-<word>`, and when the pair was used before, `-<n>` after it with n the
// number of feature tags so far: suffixes only grow, words hold no digits, so tags stay
// unique without remembering them (a bit per word pair is enough).
std::string RepositoryGenerator::feature() {
  std::string tag = "feature-";
  const std::uint64_t first = m_rng.below(std::uint64_t{k_slug_words.size()});
  const std::uint64_t second =
      (first + 1 + m_rng.below(std::uint64_t{k_slug_words.size() - 1})) % k_slug_words.size();
  tag += k_slug_words[first];
  tag += '-';
  tag += k_slug_words[second];
  const std::size_t pair = first * k_slug_words.size() + second;
  if (m_tags.feature_pairs.test(pair)) {
    tag += '-' + std::to_string(m_tags.features);
  } else {
    m_tags.feature_pairs.set(pair);
  }
  ++m_tags.features;
  return tag;
}

// Tags of a tagged push, by the repository's scheme; `latest` goes on the newest push.
void RepositoryGenerator::draw_tags(bool newest) {
  m_tag_count = 0;
  auto add = [&](std::string tag) { m_tag_text[m_tag_count++] = std::move(tag); };
  std::uint64_t roll = m_rng.below(std::uint64_t{100});
  switch (m_profile.scheme) {
    case TagScheme::release:
      if (m_tags.semver_left) {
        add(semver());
        if (roll < 50) {
          add(git_sha());
        }
      } else {
        add(git_sha());
      }
      break;
    case TagScheme::continuous:
      if (roll < 50) {
        add(git_sha());
      } else if (roll < 80) {
        add(dev_build());
        if (roll < 65) {
          add(git_sha());
        }
      } else {
        add(feature());
      }
      break;
    case TagScheme::mixed:
      if (roll < 25 && m_tags.semver_left) {
        add(semver());
      } else if (roll < 50) {
        add(dev_build());
      } else if (roll < 75) {
        add(feature());
      } else {
        add(git_sha());
      }
      break;
  }
  if (newest) {
    add("latest");
  }
  for (std::size_t i = 0; i < m_tag_count; ++i) {
    m_tag_views[i] = m_tag_text[i];
  }
}

std::optional<Micros> RepositoryGenerator::pull_after(Micros t, std::uint64_t chance) {
  if (m_now - t <= k_micros_per_ms || !m_rng.per_mille(chance)) {
    return std::nullopt;
  }
  return round_time(t + m_rng.below(m_now - t));
}

void RepositoryGenerator::emit(const ImageRecord& record, bool untagged) {
  m_pending.push_back(record);
  ++m_emitted;
  ++m_tally.images;
  if (untagged) {
    ++m_untagged;
    ++m_tally.untagged;
  }
}

// A snapshot whose pages disagree: this push's image also lists the last tag of a newer push
// (pages read before and after the tag moved). Drawn per push with the chance of all of its
// records, so that the share is of all images.
bool RepositoryGenerator::anomaly(std::uint64_t records_in_push) {
  if (m_anomaly_ppm == 0 || m_last_tag.empty()) {
    return false;
  }
  const std::uint64_t chance = std::min(k_million, m_anomaly_ppm * records_in_push);
  return m_anomaly_rng.below(k_million) < chance;
}

// One push: an image or an index with its children, then its referrers.
void RepositoryGenerator::push() {
  const std::uint64_t left = m_size - m_emitted;
  const bool newest = m_emitted == 0;
  std::uint64_t children = 0;
  if (left >= 3 && m_rng.per_mille(m_profile.index_per_mille)) {
    children = std::min<std::uint64_t>(left - 1, m_rng.between(2, 3));
  }
  bool signature = left - children >= 2 && m_rng.per_mille(m_profile.signature_per_mille);
  bool sbom =
      left - children - (signature ? 1 : 0) >= 2 && m_rng.per_mille(m_profile.sbom_per_mille);
  const std::uint64_t structural = children + (signature ? 1 : 0) + (sbom ? 1 : 0);

  // Untagged top-level images are old builds whose tags moved on. Steer towards the
  // repository's own share and towards a third overall, counting the children and referrers
  // that are untagged anyway (multi-arch and signed repositories have many).
  bool untagged = false;
  if (!newest) {
    const bool below_local =
        (m_untagged + structural) * 1000 < m_profile.untagged_target * (m_emitted + structural + 1);
    const bool below_global =
        (m_tally.untagged + structural) * 100 < 31 * (m_tally.images + structural + 1);
    untagged = m_rng.per_mille(below_local && below_global   ? 900
                               : below_local || below_global ? 350
                                                             : 30);
  }

  Micros pushed =
      round_time(m_newest - m_step * static_cast<Micros>(m_emitted) - m_rng.below(m_step));
  ImageRecord top;
  top.digest = next_digest();
  top.pushed_at = pushed;
  std::size_t tag_count = 0;
  if (!untagged) {
    draw_tags(newest);
    tag_count = m_tag_count;
  }
  if (anomaly(1 + structural)) {
    m_anomaly_tag = m_last_tag;
    m_tag_views[tag_count++] = m_anomaly_tag;
  }
  if (tag_count > 0) {
    top.tags = std::span<const std::string_view>(m_tag_views.data(), tag_count);
  }
  if (!untagged) {
    m_last_tag = m_tag_text[0];
  }
  top.last_pulled = pull_after(pushed, untagged ? 250 : 700);

  if (children > 0) {
    for (std::uint64_t i = 0; i < children; ++i) {
      m_child_digests[i] = next_digest();
    }
    top.manifest_media_type = k_oci_index;
    top.size_bytes = static_cast<std::int64_t>(m_rng.between(400, 1800));
    top.children = std::span<const Digest>(m_child_digests.data(), children);
  } else {
    top.manifest_media_type = m_profile.oci ? k_oci_manifest : k_docker_manifest;
    top.artifact_media_type = m_profile.oci ? k_oci_config : k_docker_config;
    top.size_bytes = jitter_size(m_profile.base_size);
    if (structural == 0) {
      archive_or_restore(top);
    }
  }
  emit(top, untagged);

  for (std::uint64_t i = 0; i < children; ++i) {
    ImageRecord child;
    child.digest = m_child_digests[i];
    child.pushed_at = pushed - static_cast<Micros>(children - i) * k_micros_per_ms;
    child.manifest_media_type = k_oci_manifest;
    child.artifact_media_type = k_oci_config;
    child.size_bytes = jitter_size(m_profile.base_size);
    child.last_pulled = i == 0 ? top.last_pulled : std::nullopt;
    emit(child, true);
  }
  if (signature) {
    referrer(top.digest, pushed, k_cosign_signature, 400, 2500);
  }
  if (sbom) {
    referrer(top.digest, pushed, k_spdx_sbom, 20'000, 3'000'000);
  }
}

void RepositoryGenerator::referrer(const Digest& subject, Micros subject_pushed,
                                   std::string_view artifact, std::uint64_t min_size,
                                   std::uint64_t max_size) {
  ImageRecord record;
  record.digest = next_digest();
  record.subject = subject;
  const Micros delay = static_cast<Micros>(m_rng.between(5, 900)) * k_micros_per_second;
  record.pushed_at = round_time(std::min(subject_pushed + delay, m_now - k_micros_per_second));
  record.manifest_media_type = k_oci_manifest;
  record.artifact_media_type = artifact;
  record.size_bytes = static_cast<std::int64_t>(m_rng.between(min_size, max_size));
  record.last_pulled = pull_after(record.pushed_at, 300);
  emit(record, true);
}

// A few old images sit in the archive storage class; fewer were restored from it.
void RepositoryGenerator::archive_or_restore(ImageRecord& image) {
  const Micros minimum_age = 120 * k_micros_per_day;
  if (m_now - image.pushed_at < minimum_age) {
    return;
  }
  const std::uint64_t roll = m_rng.below(std::uint64_t{1000});
  if (roll >= 45) {
    return;
  }
  const Micros earliest = image.pushed_at + 90 * k_micros_per_day;
  const Micros archived = round_time(earliest + m_rng.below(m_now - earliest));
  image.last_archived = archived;
  if (image.last_pulled && *image.last_pulled >= archived) {
    image.last_pulled = round_time(image.pushed_at + m_rng.below(archived - image.pushed_at));
  }
  if (roll < 30) {
    image.status = ImageStatus::archived;
    return;
  }
  const Micros activated = round_time(archived + 1 + m_rng.below(m_now - archived - 1));
  image.last_activated = std::max(activated, archived + k_micros_per_ms);
  if (m_rng.per_mille(500) && m_now - *image.last_activated > k_micros_per_ms) {
    image.last_pulled =
        round_time(*image.last_activated + m_rng.below(m_now - *image.last_activated));
  }
}

}  // namespace ecrlc::generate_detail
