#include "extract/phone.hpp"

#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <re2/re2.h>

#include <algorithm>

#include "phone/phone_number.hpp"
#include "util/regex.hpp"

namespace freshcheck::extract {
namespace {

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

// Masked bytes: not a digit, white space or phone punctuation, so the matcher neither
// reads them nor joins the digits on either side. (A control character would be simpler,
// but any C0 control in the text makes libphonenumber's matcher find nothing at all.)
constexpr char k_mask = '_';

// "n.º", "nº", "n.o", "no.", "number", "#", ":" between a keyword and its number.
#define FC_NUMBER_SIGN \
  R"((?:\s*(?:n\.?\s*[º°o]\.?|no\.|num\.|número|numero|number|#))?\s*[:.#-]?\s*)"

const std::vector<const RE2*>& non_phone_patterns() {
  static const RE2::Options options = util::regex_options(/*case_sensitive=*/false);
  static const RE2 tax_id(
      R"(\b(?:NIF|NIPC|NIF/NIPC|NIPC/NIF|contribuinte|identifica[çc][ãa]o fiscal|fiscal|tax id|tax number|tax|VAT(?: number)?|NUIT|NIE)\b)" FC_NUMBER_SIGN
      R"((?:PT)?\s?\d(?:[ .]?\d){8})",
      options);
  static const RE2 bank(R"(\b(?:IBAN|NIB|SWIFT|BIC|conta|account)\b)" FC_NUMBER_SIGN
                        R"([A-Z]{0,2}\s?\d[\d ]{8,40}\d)",
                        options);
  static const RE2 iban(R"(\b[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4}){4,7}(?: ?[0-9A-Z]{1,4})?)", options);
  static const RE2 payment_reference(
      R"(\b(?:entidade|refer[êe]ncia|ref|reference|montante|valor|fatura|factura|invoice|recibo)\b\.?)" FC_NUMBER_SIGN
      R"(\d(?:[ .]?\d){2,20})",
      options);
  static const RE2 case_number(
      R"(\b(?:processo|proc|process|requerimento|pedido|application|NISS|(?:n[úu]mero|n\.?\s*[º°]) de seguran[çc]a social|(?:n[úu]mero|n\.?\s*[º°]) de utente|cart[ãa]o de cidad[ãa]o|passaporte|passport|autoriza[çc][ãa]o de resid[êe]ncia|t[íi]tulo|registo|matr[íi]cula|certid[ãa]o|senha|c[óo]digo|code|PIN)\b\.?)" FC_NUMBER_SIGN
      R"(\d(?:[ ./-]?\d){3,30})",
      options);
  static const RE2 legal_reference(
      R"(\b(?:decreto-lei|decreto regulamentar|decreto|lei|portaria|despacho|resolu[çc][ãa]o|regulamento|diretiva|directiva|aviso|DL|law|act)\b)" FC_NUMBER_SIGN
      R"(\d+(?:\s*[/-]\s*\d+)+(?:/[A-Z]+)?)",
      options);
  static const RE2 postal_code(R"(\b\d{4}-\d{3}\b)", options);
  static const RE2 date_day_first(R"(\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b)", options);
  static const RE2 date_year_first(R"(\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b)", options);
  static const std::vector<const RE2*> patterns = {
      &util::compiled(tax_id),         &util::compiled(bank),
      &util::compiled(iban),           &util::compiled(payment_reference),
      &util::compiled(case_number),    &util::compiled(legal_reference),
      &util::compiled(postal_code),    &util::compiled(date_day_first),
      &util::compiled(date_year_first)};
  return patterns;
}

#undef FC_NUMBER_SIGN

const RE2& call_keywords() {
  static const RE2 pattern(
      R"((?i)\b(?:ligue|ligar|liga|telefone|telefónica|telefonica|tel\.?|linha|número|numero|contacto|contact|call|dial|phone|hotline|line|emerg[êe]ncia|emergency|sos|apoio|helpline|n\.º)\b)");
  return util::compiled(pattern);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::size_t count_digits(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), is_digit));
}

// Matches in `text` (masked), with `raw` taken from `original` at the same offsets.
std::vector<PhoneMatch> run_matcher(std::string_view text, std::string_view original,
                                    std::string_view region, std::size_t base = 0) {
  std::vector<PhoneMatch> found;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumberMatcher matcher(util, std::string(text), std::string(region),
                             PhoneNumberMatcher::VALID, /*max_tries=*/1000);
  while (matcher.HasNext()) {
    PhoneNumberMatch match;
    if (!matcher.Next(&match)) break;
    const auto description = phone::describe(match.number());
    const auto start = static_cast<std::size_t>(match.start());
    found.push_back(PhoneMatch{description.e164, description.type,
                               std::string(original.substr(base + start, match.length())),
                               base + start});
  }
  return found;
}

// Two numbers written with only a space between them ("217 115 000 965 903 700") read as
// one over-long candidate, which the matcher drops. Where a run of digit groups holds no
// match, try each split point between groups.
void split_glued_numbers(std::string_view masked, std::string_view original,
                         std::string_view region, std::vector<PhoneMatch>& found) {
  static const RE2 digit_run(R"((\+?\(?\d[\d ().-]{14,40}\d))");
  re2::StringPiece input(masked.data(), masked.size());
  re2::StringPiece run;
  while (RE2::FindAndConsume(&input, util::compiled(digit_run), &run)) {
    const std::size_t run_start = static_cast<std::size_t>(run.data() - masked.data());
    const std::size_t run_end = run_start + run.size();
    const bool covered = std::any_of(found.begin(), found.end(), [&](const PhoneMatch& m) {
      return m.offset < run_end && m.offset + m.raw.size() > run_start;
    });
    if (covered || count_digits(std::string_view(run.data(), run.size())) < 14) continue;
    for (std::size_t split = 1; split < run.size(); ++split) {
      if (run[split] != ' ') continue;
      const std::string_view left = masked.substr(run_start, split);
      const std::string_view right = masked.substr(run_start + split + 1, run.size() - split - 1);
      auto left_matches = run_matcher(left, original, region, run_start);
      auto right_matches = run_matcher(right, original, region, run_start + split + 1);
      if (left_matches.size() == 1 && right_matches.size() == 1 &&
          left_matches[0].raw.size() == left.size() &&
          right_matches[0].raw.size() == right.size()) {
        found.push_back(std::move(left_matches[0]));
        found.push_back(std::move(right_matches[0]));
        break;
      }
    }
  }
}

// A three- or four-digit run that stands alone: not part of a time ("9h", "10:30"), a
// decimal, a fraction, a list of digit groups or an international number.
bool is_standalone_short_run(std::string_view text, std::size_t start, std::size_t end) {
  const std::size_t length = end - start;
  if (length < 3 || length > 4) return false;
  const char before = start > 0 ? text[start - 1] : ' ';
  const char after = end < text.size() ? text[end] : ' ';
  const char after_next = end + 1 < text.size() ? text[end + 1] : ' ';
  const char before_previous = start > 1 ? text[start - 2] : ' ';
  if (std::string_view("+/,.:").find(before) != std::string_view::npos) return false;
  if (std::string_view("/:h").find(after) != std::string_view::npos) return false;
  if ((after == '.' || after == ',') && is_digit(after_next)) return false;  // "112,5"
  if (before == ' ' && is_digit(before_previous)) return false;
  if (after == ' ' && is_digit(after_next)) return false;
  return true;
}

// Service numbers such as 112 (emergency) or 144 (social emergency) have three or four
// digits; any such run would be a false alarm unless the text asks the reader to call it.
void add_short_numbers(std::string_view masked, std::string_view original, std::string_view region,
                       std::vector<PhoneMatch>& found) {
  if (!RE2::PartialMatch(re2::StringPiece(masked.data(), masked.size()), call_keywords())) return;
  for (std::size_t start = 0; start < masked.size();) {
    if (!is_digit(masked[start])) {
      ++start;
      continue;
    }
    std::size_t end = start;
    while (end < masked.size() && is_digit(masked[end])) ++end;
    if (is_standalone_short_run(masked, start, end)) {
      const std::string_view digits = masked.substr(start, end - start);
      if (auto parsed = phone::parse(digits, region); parsed && parsed->type == "short_code")
        found.push_back(PhoneMatch{parsed->e164, parsed->type,
                                   std::string(original.substr(start, end - start)), start});
    }
    start = end;
  }
}

}  // namespace

std::string mask_non_phone_numbers(std::string_view text) {
  std::string masked(text);
  // Control characters (pasted from word processors) would stop the matcher; see k_mask.
  for (char& c : masked)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = ' ';
  for (const RE2* pattern : non_phone_patterns()) {
    re2::StringPiece input(masked.data(), masked.size());
    re2::StringPiece whole;
    std::size_t from = 0;
    while (from < masked.size() &&
           pattern->Match(input, from, masked.size(), RE2::UNANCHORED, &whole, 1)) {
      const std::size_t start = static_cast<std::size_t>(whole.data() - masked.data());
      const std::size_t end = start + whole.size();
      for (std::size_t i = start; i < end; ++i)
        if (is_digit(masked[i])) masked[i] = k_mask;
      from = std::max(end, start + 1);
    }
  }
  return masked;
}

std::vector<PhoneMatch> find_phones(std::string_view text, std::string_view region) {
  const std::string masked = mask_non_phone_numbers(text);
  std::vector<PhoneMatch> found;
  // Lines are separate: a number never continues past a line break.
  for (std::size_t line_start = 0; line_start <= masked.size();) {
    std::size_t line_end = masked.find('\n', line_start);
    if (line_end == std::string::npos) line_end = masked.size();
    const std::string_view masked_line =
        std::string_view(masked).substr(line_start, line_end - line_start);
    const std::string_view original_line = text.substr(line_start, line_end - line_start);
    std::vector<PhoneMatch> in_line = run_matcher(masked_line, original_line, region);
    split_glued_numbers(masked_line, original_line, region, in_line);
    add_short_numbers(masked_line, original_line, region, in_line);
    for (PhoneMatch& match : in_line) {
      match.offset += line_start;
      found.push_back(std::move(match));
    }
    line_start = line_end + 1;
  }
  std::sort(found.begin(), found.end(),
            [](const PhoneMatch& a, const PhoneMatch& b) { return a.offset < b.offset; });
  return found;
}

}  // namespace freshcheck::extract
