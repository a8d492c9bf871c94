// The sentences and labels of the outputs: "N days", "N images", byte units, action labels,
// the reason for an image's verdict and the forecast sentence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.hpp"
#include "base/json_writer.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc {

// The output layer writes JSON strings, numbers and table times next to its sentences.
using detail::append_integer;
using detail::append_json_string;
using detail::append_table_time;

// `count` and `one` or `many`: "1 image", "3 images".
std::string plural(std::uint64_t count, std::string_view one, std::string_view many);

// Byte counts for people, IEC units with one decimal: "0 B", "512 B", "1.5 KiB", "1.2 GiB".
std::string format_bytes(ByteTotal bytes);

// "expire", "transition→archive", "keep".
std::string_view action_label(Action action);

// What the reference time of an age rule was for `image`: "pushed", "pulled", "restored" or
// "archived".
std::string_view reference_kind(const ImageRecord& image, Micros reference);

// The human sentence for an image's verdict, e.g. "rule 2: more than 14 days since pushed
// (40 days)", "within the newest 5 of rule 1 (#3)", "protected by rule 1's selection (rule 3
// marked it)", "child of surviving index 3f2a9c1b2d4e (rule 2 withdrawn)", "not selected by
// any rule". append_reason appends it (the renderers write one per image).
void append_reason(std::string& out, const LifecyclePolicy& policy, const Repository& repository,
                   std::uint32_t image, const ImageVerdict& verdict, Micros now);
std::string describe_reason(const LifecyclePolicy& policy, const Repository& repository,
                            std::uint32_t image, const ImageVerdict& verdict, Micros now);

// The forecast sentence, e.g. "rule 2: more than 7 days since pushed" or "referrer: removed
// with its subject 3f2a9c1b2d4e (rule 2)".
std::string describe_forecast(const LifecyclePolicy& policy, const Repository& repository,
                              const ForecastEntry& entry);

// The reference time the crossing rule of `entry` compares with now, when it is an age rule.
std::optional<Micros> forecast_reference_time(const LifecyclePolicy& policy,
                                              const ForecastEntry& entry);

// Whole days (floored) from `now` to the entry's instant.
std::int64_t forecast_days(const ForecastEntry& entry, Micros now);

// ---- protect files (--protect)

// Where protect reference `reference` is: "FILE:LINE:COLUMN" (no FILE: before a merge).
std::string protect_location(const ProtectList& list, std::size_t reference);

// What one reference says uses an image: its source ("pod payments/api-7d9f container api"),
// or for the line format its place and text ("protect.txt:3:1 team/app:1.4").
std::string protect_user(const ProtectList& list, std::size_t reference);

// The distinct users of a protected image (protect_user of its references, in order).
std::vector<std::string> protect_users(const ProtectList& list, const ImageProtection& protection);

// One line: up to three users and "and N more", after how a derived protection came about
// ("child of protected index 3f2a9c1b2d4e: pod payments/api-7d9f container api").
std::string describe_protection(const ProtectList& list, const Repository& repository,
                                const ImageProtection& protection);

// "N references to other registries ignored (docker.io, ghcr.io)"; empty when there is none.
std::string describe_other_registries(const ProtectList& list);

}  // namespace ecrlc
