#pragma once
// The response headers of an HTTP transfer as libcurl hands them over, one line at a time.
// One transfer can hold several responses (a redirect curl follows, "100 Continue", a
// proxy's CONNECT answer, 103 Early Hints); only the last one's headers describe the body,
// so every status line starts the collection over.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace freshcheck::http {

// Header names in lower case, values trimmed. A name sent twice keeps its last value.
using Headers = std::map<std::string, std::string>;

// Reads one header line (with or without its CRLF) into `headers`: a status line
// ("HTTP/1.1 200 OK", "HTTP/2 301") clears what an earlier response left; "Name: value"
// sets a header; anything else (the blank line that ends a response, a line without a
// colon) is ignored. An obsolete folded continuation line is not joined to the header
// before it: one that holds a colon reads as a header of its own, as it always has.
void read_header_line(std::string_view line, Headers& headers);

// A CURLOPT_HEADERFUNCTION: `user` is the Headers (CURLOPT_HEADERDATA) to fill through
// read_header_line. Always takes the whole line.
extern "C" std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user);

// The value of header `name` (lower case), or "" when the response did not send it.
std::string header_value(const Headers& headers, std::string_view name);

}  // namespace freshcheck::http
