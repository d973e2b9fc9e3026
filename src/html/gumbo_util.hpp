#pragma once
// Small read-only helpers over gumbo's tree. Only html/ includes gumbo.

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::html {

// Lower-case tag name, including unknown tags ("my-widget").
std::string element_name(const GumboNode* element);

// The attribute's value, empty when absent.
std::string_view attribute(const GumboNode* element, const char* name);
bool has_attribute(const GumboNode* element, const char* name);

std::vector<std::string> class_list(const GumboNode* element);

}  // namespace freshcheck::html
