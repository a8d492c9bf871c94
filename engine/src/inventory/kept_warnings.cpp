// KeptWarnings: a bounded max-heap of the first warnings by location.
#include "inventory/kept_warnings.hpp"

#include <algorithm>

namespace ecrlc::detail {
namespace {

template <typename Entry>
bool heap_order(const Entry& a, const Entry& b) {
  return a.key < b.key;
}

}  // namespace

void KeptWarnings::insert(const WarningKey& key, std::string message) {
  // Below the limit the list is a plain vector (no heap needed until it fills up).
  if (m_entries.size() < m_limit) {
    m_entries.push_back({key, std::move(message)});
    if (m_entries.size() == m_limit) {
      std::make_heap(m_entries.begin(), m_entries.end(), heap_order<Entry>);
    }
    return;
  }
  std::pop_heap(m_entries.begin(), m_entries.end(), heap_order<Entry>);
  m_entries.back() = {key, std::move(message)};
  std::push_heap(m_entries.begin(), m_entries.end(), heap_order<Entry>);
}

void KeptWarnings::absorb(KeptWarnings&& other) {
  m_count += other.m_count;
  for (Entry& entry : other.m_entries) {
    if (keeps(entry.key)) {
      insert(entry.key, std::move(entry.message));
    }
  }
  other.m_entries.clear();
  other.m_count = 0;
}

std::vector<PendingWarning> KeptWarnings::take_sorted() {
  std::sort(m_entries.begin(), m_entries.end(), heap_order<Entry>);
  std::vector<PendingWarning> out;
  out.reserve(m_entries.size());
  for (Entry& entry : m_entries) {
    out.push_back({entry.key.loc, std::move(entry.message)});
  }
  m_entries.clear();
  return out;
}

}  // namespace ecrlc::detail
