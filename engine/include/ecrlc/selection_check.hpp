// Why a rule selects an image or not, and where an age rule's reference time comes from: the
// small vocabulary shared by the rule engine's selection test and the explain traces.
#pragma once

#include <string_view>

namespace ecrlc {

// Outcome of the selection test of one rule for one image (semantics.md 2), in the order
// the engine checks.
enum class SelectionCheck {
  selected,
  activating,       // the image is ACTIVATING: never selected
  storage_class,    // the image's storage class differs from the rule's storageClass
  has_tags,         // an `untagged` rule; the image has tags
  no_tags,          // a `tagged` rule; the image has no tags
  entry_unmatched,  // a `tagged` rule; no tag matches list entry `unmatched_entry`
};

// The image field an age rule's reference time came from.
enum class TimeSource {
  image_pushed_at,          // imagePushedAt
  last_activated_at,        // lastActivatedAt (restored image)
  last_recorded_pull_time,  // lastRecordedPullTime
  last_archived_at,         // lastArchivedAt
};

std::string_view to_json(SelectionCheck value);  // "selected", "activating", "storage_class"...
std::string_view to_json(TimeSource value);      // "imagePushedAt", "lastActivatedAt", ...

}  // namespace ecrlc
