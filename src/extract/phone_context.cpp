#include "extract/phone_context.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <vector>

#include "util/regex.hpp"

namespace freshcheck::extract {
namespace {

// Masked bytes: not a digit, white space or phone punctuation, so the matcher neither
// reads them nor joins the digits on either side. (A control character would be simpler,
// but any C0 control in the text makes libphonenumber's matcher find nothing at all.)
constexpr char k_mask = '_';

// How far a label reaches: the words between it and its number (words of two letters or
// more; "n.º", "o", "é" do not count), and the bytes scanned.
constexpr std::size_t k_label_words = 5;
constexpr std::size_t k_nif_words = 12;  // a valid NIF after a tax label, further away
constexpr std::size_t k_label_reach = 120;
constexpr std::size_t k_entity_digits = 6;  // a Multibanco entity has 5

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_number_byte(char c) {
  return is_digit(c) || c == k_mask;
}

bool is_letter_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

std::size_t code_points(std::string_view word) {
  return static_cast<std::size_t>(std::count_if(word.begin(), word.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// "n.º", "nº", "n.o", "no.", "number", "#" between a keyword and its number.
#define FC_NUMBER_SIGN R"((?:n\.?\s*[º°]\.?|n\.\s*o\.|no\.|n[úu]mero|number|#))"

// Labels of numbers that are not phones, one group per kind (see LabelKind).
const RE2& non_phone_labels() {
  static const RE2 pattern(
      // 1: tax ids
      R"((?i)\b(?:((?:n[úu]mero\s+de\s+)?identifica[çc][ãa]o\s+fiscal\b|)"
      R"((?:n[úu]mero|n\.?\s*[º°]\.?|n\.\s*o\.)\s*(?:de\s+)?contribuinte\b|contribuinte\b|)"
      R"(contrib\.|NIF\s*/\s*NIPC\b|NIPC\s*/\s*NIF\b|NIF\b|NIPC\b|N\.\s?I\.\s?F\.?|N\.\s?I\.\s?P\.\s?C\.?|)"
      R"(RNPC\b|pessoas?\s+colec?tivas?\b|)"
      R"(n[úu]mero\s+fiscal\b|tax(?:payer)?\s+(?:identification\s+)?(?:id|number|no)\b|)"
      R"(TIN\b|VAT\b|NUIT\b|NIE\b)|)"
      // 2: bank accounts
      R"((IBAN\b|NIB\b|SWIFT\b|BIC\b|(?:n[úu]mero|n\.?\s*[º°]\.?)\s*(?:de\s+|da\s+)?conta\b|)"
      R"(conta\s+banc[áa]ria\b|conta\s*(?:)" FC_NUMBER_SIGN R"(|:)|account\s+(?:number|no)\b|)"
      R"(bank\s+account\b)|)"
      // 3: payment and document references
      R"((refer[êe]ncia\b|reference\b|ref\b\.?|DUC\b)|)"
      // 4: a Multibanco entity ("Entidade 21 312"), but not "Entidade Reguladora: 2..."
      R"((entidade\b)|)"
      // 5: process, request and personal document numbers
      R"((processo\b|proc\.|requerimento\b|application\b|NISS\b|)"
      R"((?:n[úu]mero|n\.?\s*[º°]\.?)\s*(?:de\s+|do\s+)?pedido\b|)"
      R"((?:n[úu]mero|n\.?\s*[º°]\.?)\s*de\s+(?:identifica[çc][ãa]o\s+de\s+)?seguran[çc]a\s+social\b|)"
      R"((?:n[úu]mero|n\.?\s*[º°]\.?)\s*de\s+utente\b|cart[ãa]o\s+de\s+cidad[ãa]o\b|)"
      R"(passaporte\b|passport\b|autoriza[çc][ãa]o\s+de\s+resid[êe]ncia\b|c[óo]digo\b|code\b|)"
      R"(PIN\b)|)"
      // 6: words that name a number only with a number sign or a colon right after
      R"(((?:pedido|utente|t[íi]tulo|registo|matr[íi]cula|certid[ãa]o|senha|inscri[çc][ãa]o|)"
      R"(candidatura|protocolo|contrato|of[íi]cio|fa[c]?tura|invoice|recibo)\s*(?:)" FC_NUMBER_SIGN
      R"(|:))|)"
      // 7: any other word with "n.º" right after: "Documento Único de Cobrança n.º",
      // "Alvará n.º" (unless the word names a line: "Fax n.º")
      R"((\pL{2,})\)?\s*n\.?\s*[º°]\.?))");
  return util::compiled(pattern);
}

enum class LabelKind { tax = 1, bank, reference, entity, case_number, weak, any_numbered };
constexpr int k_label_groups = 8;  // the whole match and one group per kind

// A word that names a line to call: a non-phone label never reaches past it, so that
// "NIF 500 100 200, tel. 217 115 004" keeps the phone even though it passes mod 11.
bool is_call_word(std::string_view word) {
  static const RE2 pattern(
      R"((?i)t[ée]l.*|tlf|tlm|fax|telefax|linha|linhas|ligue|ligar|liga|call|phone|mobile|)"
      R"(m[óo]vel|contact.*|atendimento|central|apoio|helpline|hotline|support|help|whatsapp|)"
      R"(sms|informa[çc][ãa]o|informa[çc][õo]es|esclarecimentos?|d[úu]vidas|marca[çc][õo]es|)"
      R"(agendamentos?|emerg[êe]ncias?|emergency|line|lines|dial|ring|switchboard|enquiries)");
  return RE2::FullMatch(re2::StringPiece(word.data(), word.size()), util::compiled(pattern));
}

// "contribuinte" names a taxpayer's number, except in the name of a service for taxpayers:
// "Linha de apoio ao contribuinte: 217 206 707", "Portal do Contribuinte" (but "Cartão do
// contribuinte n.º" names a number again).
bool names_a_service(std::string_view text, std::size_t label_start) {
  std::size_t end = label_start;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && is_letter_byte(text[start - 1])) --start;
  static constexpr std::array<std::string_view, 9> k_service_words = {
      "ao", "aos", "do", "dos", "da", "portal", "linha", "apoio", "atendimento"};
  std::string word;
  for (char c : text.substr(start, end - start))
    word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return std::find(k_service_words.begin(), k_service_words.end(), word) != k_service_words.end();
}

bool followed_by_number_sign(std::string_view rest) {
  static const RE2 pattern(R"((?i)^\s*(?:n\.?\s*[º°]|n[úu]mero\b))");
  return RE2::PartialMatch(re2::StringPiece(rest.data(), rest.size()), util::compiled(pattern));
}

// "através do n.º 808 24 24 24": a bare "n.º" after a mere "do"/"pelo" names no document.
bool is_function_word(std::string_view text, std::size_t label_start) {
  static const RE2 function_word(
      R"((?i)d[oa]s?|n[oa]s?|pel[oa]s?|a[os]?|[àá]s?|o|um|uma|de|em|para|the|at|on|of|to)");
  std::size_t end = label_start;
  while (end < text.size() && is_letter_byte(text[end])) ++end;
  return RE2::FullMatch(re2::StringPiece(text.data() + label_start, end - label_start),
                        util::compiled(function_word));
}

// Whether the label's word, or one of the few words right before it (no punctuation
// between), names a line: "Linha Verde n.º 800 ...", "Linha de referência para vítimas:
// 800 ...", "Telefone n.º ...". Then the label is part of the line's name.
bool follows_a_line_name(std::string_view text, std::size_t label_start) {
  constexpr std::size_t k_words_back = 3;
  std::size_t end = label_start;
  while (end < text.size() && is_letter_byte(text[end])) ++end;
  for (std::size_t words = 0; words <= k_words_back; ++words) {
    std::size_t start = end;
    while (start > 0 && is_letter_byte(text[start - 1])) --start;
    if (start < end && is_call_word(text.substr(start, end - start))) return true;
    end = start;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '-')) --end;
    if (end == 0 || !is_letter_byte(text[end - 1])) break;
  }
  return false;
}

// A number run: digits (or masked digits) with single separators between them.
std::size_t number_end(std::string_view text, std::size_t start) {
  std::size_t end = start;
  for (std::size_t i = start; i < text.size();) {
    if (is_number_byte(text[i])) {
      end = ++i;
    } else if (std::string_view(" .-/,").find(text[i]) != std::string_view::npos &&
               i + 1 < text.size() && is_number_byte(text[i + 1]) &&
               !(text[i] == ',' && i > start && text[i - 1] == ' ')) {
      ++i;
    } else {
      break;
    }
  }
  return end;
}

struct NumberRun {
  std::size_t begin;
  std::size_t end;
  std::size_t words_before;  // counted words between the label and this number
  bool past_semicolon;       // in a list after the label ("NIF: 213 ...; 226 ...")
};

// Where a sentence, a list of items or the reach of a label ends.
bool ends_stretch(std::string_view text, std::size_t i, std::size_t previous_word_length) {
  const char c = text[i];
  if (c == '?' || c == '!') return true;
  if (text.compare(i, 2, "·") == 0 || text.compare(i, 3, "•") == 0) return true;
  // ". Para ..." ends a sentence; "Reg. No.", "Av. da" and "n.º" do not.
  return c == '.' && i + 2 < text.size() && text[i + 1] == ' ' && text[i + 2] >= 'A' &&
         text[i + 2] <= 'Z' && (previous_word_length == 0 || previous_word_length >= 4);
}

bool is_dash(std::string_view text, std::size_t i) {
  return text.compare(i, 3, "–") == 0 || text.compare(i, 3, "—") == 0 ||
         (text[i] == '-' && i > 0 && text[i - 1] == ' ' && i + 1 < text.size() &&
          text[i + 1] == ' ');
}

// The numbers after a label, up to the end of its stretch: a word that names a line to call,
// a sentence end, a second line or cell break, k_label_reach bytes, and with `dash_ends` a
// dash ("Hospital de referência: Santa Maria – 217 805 000").
std::vector<NumberRun> numbers_after_label(std::string_view text, std::size_t from, bool dash_ends,
                                           bool semicolon_ends) {
  std::vector<NumberRun> runs;
  std::size_t words = 0, line_breaks = 0, cell_breaks = 0, previous_word_length = 0;
  bool past_semicolon = false;
  const std::size_t limit = std::min(text.size(), from + k_label_reach);
  for (std::size_t i = from; i < limit;) {
    if (is_number_byte(text[i])) {
      const std::size_t end = number_end(text, i);
      runs.push_back({i, end, words, past_semicolon});
      previous_word_length = 0;
      i = end;
      continue;
    }
    if (dash_ends && is_dash(text, i)) break;
    if (is_letter_byte(text[i]) && text.compare(i, 2, "·") != 0 && text.compare(i, 3, "•") != 0 &&
        !is_dash(text, i)) {
      std::size_t end = i;
      while (end < text.size() && is_letter_byte(text[end])) ++end;
      const std::string_view word = text.substr(i, end - i);
      if (is_call_word(word)) break;
      previous_word_length = code_points(word);
      if (previous_word_length >= 2) ++words;
      i = end;
      continue;
    }
    if (text[i] == ';') {
      if (semicolon_ends) break;
      past_semicolon = true;
    }
    if (ends_stretch(text, i, previous_word_length)) break;
    if ((text[i] == '\n' && ++line_breaks > 1) || (text[i] == '|' && ++cell_breaks > 1)) break;
    ++i;
  }
  return runs;
}

std::size_t digit_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), is_number_byte));
}

LabelKind kind_of(const std::array<re2::StringPiece, k_label_groups>& groups) {
  for (int kind = 1; kind < k_label_groups; ++kind)
    if (groups[kind].data() != nullptr) return static_cast<LabelKind>(kind);
  return LabelKind::weak;
}

// Masks the numbers that the label at [label_start, label_end) names.
void mask_labelled_numbers(std::string_view text, std::string& masked, LabelKind kind,
                           std::size_t label_start, std::size_t label_end) {
  const std::string_view label = text.substr(label_start, label_end - label_start);
  if (kind == LabelKind::tax && (label[0] == 'c' || label[0] == 'C') &&
      names_a_service(text, label_start) && !followed_by_number_sign(text.substr(label_end)))
    return;
  if (kind == LabelKind::any_numbered && is_function_word(text, label_start)) return;
  if (kind != LabelKind::bank && follows_a_line_name(text, label_start)) return;
  // A tax id or bank account is often set off by a dash ("NIF do Município — 500 051 070");
  // a reference or process word is not, and past a dash starts something else. A list of
  // tax ids may go on past a semicolon.
  const bool dash_ends = kind != LabelKind::tax && kind != LabelKind::bank;
  const std::vector<NumberRun> runs =
      numbers_after_label(masked, label_end, dash_ends, kind != LabelKind::tax);
  if (runs.empty() || runs.front().past_semicolon) return;
  const NumberRun& first = runs.front();
  const std::string_view first_text =
      std::string_view(masked).substr(first.begin, first.end - first.begin);
  const bool adjacent_only =
      kind == LabelKind::entity || kind == LabelKind::weak || kind == LabelKind::any_numbered;
  const std::size_t max_words = adjacent_only ? 0 : k_label_words;
  if (first.words_before <= max_words &&
      (kind != LabelKind::entity || digit_count(first_text) <= k_entity_digits))
    mask_digits(masked, first.begin, first.end);
  if (kind != LabelKind::tax) return;
  // Further tax numbers in the same stretch ("NIF e NIPC: 239 876 547 e 600 012 344").
  for (const NumberRun& run : runs)
    if (run.words_before <= k_nif_words &&
        is_valid_nif(std::string_view(masked).substr(run.begin, run.end - run.begin)))
      mask_digits(masked, run.begin, run.end);
}

void mask_labelled(std::string_view text, std::string& masked) {
  const RE2& labels = non_phone_labels();
  std::array<re2::StringPiece, k_label_groups> groups;
  const re2::StringPiece input(text.data(), text.size());
  for (std::size_t from = 0; from < text.size();) {
    if (!labels.Match(input, from, text.size(), RE2::UNANCHORED, groups.data(), k_label_groups))
      break;
    const auto start = static_cast<std::size_t>(groups[0].data() - text.data());
    const std::size_t end = start + groups[0].size();
    mask_labelled_numbers(text, masked, kind_of(groups), start, end);
    from = std::max(end, start + 1);
  }
}

// Numbers that are never phones whatever their label: IBANs, amounts, laws, postal codes,
// dates.
const std::vector<const RE2*>& shaped_non_phones() {
  static const RE2::Options options = util::regex_options(/*case_sensitive=*/false);
  static const RE2 iban(R"(\b[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4}){4,7}(?: ?[0-9A-Z]{1,4})?)", options);
  static const RE2 portuguese_iban(R"(\bPT\s?50(?:[ .]?\d){21})", options);
  static const RE2 amount_after(R"((?:€|\bEUR\b)\s?\d(?:[ .]?\d)*(?:,\d+)?)", options);
  static const RE2 amount_before(R"(\d(?:[ .]?\d)*(?:,\d+)?\s?(?:€|\bEUR\b|\beuros?\b))", options);
  static const RE2 legal_reference(
      R"(\b(?:decreto-lei|decreto regulamentar|decreto|lei|portaria|despacho|resolu[çc][ãa]o|)"
      R"(regulamento|diretiva|directiva|aviso|DL|law|act)\b)"
      R"((?:\s*)" FC_NUMBER_SIGN R"()?\s*[:.#-]?\s*\d+(?:\s*[/-]\s*\d+)+(?:/[A-Z]+)?)",
      options);
  static const RE2 tax_id_named_after(
      R"(\b\d(?:[ .]?\d){8}\s*\(\s*(?:NIF|NIPC|N\.\s?I\.\s?F\.?|contribuinte|tax id)\s*\))",
      options);
  static const RE2 postal_code(R"(\b\d{4}-\d{3}\b)", options);
  static const RE2 date_day_first(R"(\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b)", options);
  static const RE2 date_year_first(R"(\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b)", options);
  static const std::vector<const RE2*> patterns = {&util::compiled(iban),
                                                   &util::compiled(portuguese_iban),
                                                   &util::compiled(amount_after),
                                                   &util::compiled(amount_before),
                                                   &util::compiled(legal_reference),
                                                   &util::compiled(tax_id_named_after),
                                                   &util::compiled(postal_code),
                                                   &util::compiled(date_day_first),
                                                   &util::compiled(date_year_first)};
  return patterns;
}

#undef FC_NUMBER_SIGN

void mask_shaped(std::string& masked) {
  for (const RE2* pattern : shaped_non_phones()) {
    const re2::StringPiece input(masked.data(), masked.size());
    re2::StringPiece whole;
    std::size_t from = 0;
    while (from < masked.size() &&
           pattern->Match(input, from, masked.size(), RE2::UNANCHORED, &whole, 1)) {
      const auto start = static_cast<std::size_t>(whole.data() - masked.data());
      const std::size_t end = start + whole.size();
      mask_digits(masked, start, end);
      from = std::max(end, start + 1);
    }
  }
}

// Labels that say what kind of line a number is, one group per kind.
const RE2& line_labels() {
  static const RE2 pattern(
      // 1: fax
      R"((?i)\b(?:((?:tele)?fax\b|fac-?s[íi]mile\b)|)"
      // 2: a phone, whatever else the label says ("Tel./Fax" is a line to call)
      R"((t[ée]l[ée]?f[a-zà-ú]*|t[ée]l[ée]?m[óo]v[a-zà-ú]*|t[ée]l[ée]phone|tel|t[ée]l|tlf|tlm|)"
      R"(phone|mobile|ligue|ligar|call|helpline|hotline|whatsapp)\b|)"
      // 3: a line, unless the label also says fax ("Fax (geral)", "Linha de fax")
      R"((linhas?|contactos?|contact|central|geral|atendimento)\b|)"
      // 4: something else
      R"((e-?mail|correio\s+eletr[óo]nico|correo|morada|endere[çc]o|address|website|site)\b))");
  return util::compiled(pattern);
}

// A one-letter label at the end of `before`: "T: 217 115 000 · F: 217 115 009", "T +351 ...".
NumberLabel letter_label(std::string_view before) {
  static const RE2 pattern(R"((?:^|[^\pL\pN])([TFM])\s*[:.]?\s*[(+]*\s*$)");
  re2::StringPiece letter;
  if (!RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), util::compiled(pattern),
                         &letter))
    return NumberLabel::none;
  return letter[0] == 'F' ? NumberLabel::fax : NumberLabel::phone;
}

// What the labels of one phrase say together: "Tel./Fax" and "Telefone e fax" are a phone
// (one number that is both can be called), "Fax (geral)" is a fax.
NumberLabel classify_phrase(std::string_view phrase) {
  std::array<bool, 5> found = {};
  std::array<re2::StringPiece, 5> groups;
  const re2::StringPiece input(phrase.data(), phrase.size());
  for (std::size_t from = 0; from < phrase.size();) {
    if (!line_labels().Match(input, from, phrase.size(), RE2::UNANCHORED, groups.data(), 5)) break;
    const auto start = static_cast<std::size_t>(groups[0].data() - phrase.data());
    const std::size_t end = start + groups[0].size();
    // Words inside an address are no labels: "geral@cm-braga.pt", "www.fax.pt".
    const bool in_address =
        (start > 0 && std::string_view("@.").find(phrase[start - 1]) != std::string_view::npos) ||
        (end < phrase.size() && phrase[end] == '@');
    for (std::size_t kind = 1; kind < 5; ++kind)
      if (groups[kind].data() && !in_address) found[kind] = true;
    from = std::max(end, start + 1);
  }
  if (found[2]) return NumberLabel::phone;
  if (found[1]) return NumberLabel::fax;
  if (found[3]) return NumberLabel::phone;
  return found[4] ? NumberLabel::other : NumberLabel::none;
}

// Where the label phrase that ends at `end` begins: after a line or cell break or a list
// separator.
std::size_t phrase_start(std::string_view text, std::size_t end) {
  static constexpr std::array<std::string_view, 7> k_separators = {"\n", "|", ";", "·",
                                                                   "•",  "–", "—"};
  std::size_t start = 0;
  for (std::string_view separator : k_separators) {
    const std::size_t at = text.substr(0, end).rfind(separator);
    if (at != std::string_view::npos) start = std::max(start, at + separator.size());
  }
  return start;
}

}  // namespace

void mask_digits(std::string& masked, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end && i < masked.size(); ++i)
    if (is_digit(masked[i])) masked[i] = k_mask;
}

bool is_valid_nif(std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (is_digit(c))
      digits += c;
    else if (c == k_mask)
      return false;
  }
  if (digits.size() != 9 || std::string_view("123569").find(digits[0]) == std::string_view::npos)
    return false;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (digits[i] - '0') * static_cast<int>(9 - i);
  const int remainder = sum % 11;
  const int check = remainder < 2 ? 0 : 11 - remainder;
  return digits[8] - '0' == check;
}

NumberLabel classify_header(std::string_view header) {
  const NumberLabel line = classify_phrase(header);
  if (line == NumberLabel::phone || line == NumberLabel::fax) return line;
  // A column of amounts ("Montante", "Valor (€)"): its numbers need no euro sign.
  static const RE2 amounts(
      R"((?i)\b(?:montante|valor|pre[çc]o|total|import[âa]ncia|amount|price|or[çc]amento)\b|€)");
  if (RE2::PartialMatch(re2::StringPiece(header.data(), header.size()), util::compiled(amounts)))
    return NumberLabel::not_phone;
  std::array<re2::StringPiece, k_label_groups> groups;
  if (non_phone_labels().Match(re2::StringPiece(header.data(), header.size()), 0, header.size(),
                               RE2::UNANCHORED, groups.data(), k_label_groups) &&
      kind_of(groups) != LabelKind::entity)
    return NumberLabel::not_phone;
  return NumberLabel::none;
}

NumberLabel label_before(std::string_view before) {
  if (const NumberLabel letter = letter_label(before); letter != NumberLabel::none) return letter;
  // The nearest phrase that holds a label decides.
  for (std::size_t end = before.size();;) {
    const std::size_t start = phrase_start(before, end);
    if (const NumberLabel label = classify_phrase(before.substr(start, end - start));
        label != NumberLabel::none)
      return label;
    if (start == 0) return NumberLabel::none;
    end = start - 1;
  }
}

NumberLabel label_after(std::string_view after) {
  static const RE2 pattern(R"(^\s*\(\s*([^()]{1,20}?)\s*\))");
  re2::StringPiece inside;
  if (!RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), util::compiled(pattern),
                         &inside))
    return NumberLabel::none;
  const NumberLabel label = classify_phrase(std::string_view(inside.data(), inside.size()));
  return label == NumberLabel::phone || label == NumberLabel::fax ? label : NumberLabel::none;
}

std::string mask_non_phone_numbers(std::string_view text) {
  std::string masked(text);
  // Control characters (pasted from word processors) would stop the matcher; see k_mask.
  for (char& c : masked)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = ' ';
  mask_shaped(masked);
  mask_labelled(text, masked);
  return masked;
}

}  // namespace freshcheck::extract
