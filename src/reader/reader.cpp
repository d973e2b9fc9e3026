#include "reader/reader.hpp"

#include <fmt/format.h>

#include "html/charset.hpp"
#include "pdf/pdf_reader.hpp"
#include "reader/text_reader.hpp"
#include "util/text.hpp"

namespace freshcheck::reader {

const char* to_string(Format format) {
  switch (format) {
    case Format::html:
      return "html";
    case Format::rendered_html:
      return "rendered html";
    case Format::pdf:
      return "pdf";
    case Format::markdown:
      return "markdown";
    case Format::text:
      return "text";
  }
  return "html";
}

std::string media_type(std::string_view content_type) {
  return util::ascii_lower(util::trim(content_type.substr(0, content_type.find(';'))));
}

namespace {

bool looks_like_html(std::string_view bytes) {
  const std::string head = util::ascii_lower(bytes.substr(0, 512));
  return head.find("<!doctype html") != std::string::npos ||
         head.find("<html") != std::string::npos;
}

Format format_by_name(std::string_view bytes, std::string_view name) {
  const std::string lower = util::ascii_lower(name);
  if (lower.ends_with(".pdf")) return Format::pdf;
  if (lower.ends_with(".html") || lower.ends_with(".htm") || looks_like_html(bytes))
    return Format::html;
  if (lower.ends_with(".txt")) return Format::text;
  return Format::markdown;
}

}  // namespace

Format format_for(std::string_view content_type, std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, 5) == "%PDF-") return Format::pdf;
  const std::string type = media_type(content_type);
  if (type == "application/pdf") return Format::pdf;
  if (type == "text/markdown" || type == "text/x-markdown") return Format::markdown;
  if (type == "text/plain") return Format::text;
  if (type.empty() || type == "application/octet-stream") return format_by_name(bytes, name);
  return Format::html;
}

core::Result<html::Document> read_document(std::string_view bytes, Format format,
                                           const ReadOptions& options) {
  switch (format) {
    case Format::pdf: {
      pdf::PdfOptions pdf_options;
      pdf_options.url = options.url;
      pdf_options.max_pages = options.max_pdf_pages;
      return pdf::read_pdf(bytes, pdf_options);
    }
    case Format::markdown:
    case Format::text: {
      // Text may be Latin-1 too: decoded like a page (BOM, valid UTF-8, else
      // windows-1252), so that its text is UTF-8 by the time it reaches a report.
      auto decoded = html::decode_to_utf8(bytes, options.http_charset);
      return text_document(decoded ? decoded->utf8 : util::to_valid_utf8(bytes), options.url);
    }
    case Format::html:
    case Format::rendered_html: {
      html::ParseOptions parse;
      parse.page_url = options.url;
      parse.scope = options.scope;
      // A browser's DOM is serialized as UTF-8 whatever the page was sent in.
      parse.http_charset = format == Format::rendered_html ? "utf-8" : options.http_charset;
      return html::parse_document(bytes, parse);
    }
  }
  return core::fail(fmt::format("no reader for format {}", static_cast<int>(format)));
}

core::Result<html::Document> read_document(std::string_view bytes, std::string_view content_type,
                                           const ReadOptions& options) {
  return read_document(bytes, format_for(content_type, bytes, options.url), options);
}

}  // namespace freshcheck::reader
