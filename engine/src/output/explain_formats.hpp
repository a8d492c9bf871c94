// The two renderings of an explanation behind render_explanation().
#pragma once

#include <string>

#include "ecrlc/output.hpp"

namespace ecrlc::detail {

void render_explanation_text(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation, const TableWidth& width);
void render_explanation_json(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation);

}  // namespace ecrlc::detail
